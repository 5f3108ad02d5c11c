ALTER TYPE role ADD VALUE 'billing';

