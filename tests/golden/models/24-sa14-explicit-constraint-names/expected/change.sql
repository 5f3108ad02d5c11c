ALTER TABLE price DROP CONSTRAINT price_amount_nonnegative;

