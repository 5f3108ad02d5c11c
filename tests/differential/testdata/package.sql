-- What SQLAlchemy 1.4's create_all() runs for testdata/package, checked by hand: the mixin's
-- column comes first (1.4 orders columns by creation), the index follows its table, and the
-- Core table on the second MetaData comes last.
create table category (
    created_at timestamp default now(),
    id serial not null,
    name varchar(80) not null,
    unique (name),
    primary key (id)
);
create table product (
    created_at timestamp without time zone default now(),
    id serial not null,
    category_id integer not null,
    price numeric(10, 2),
    primary key (id),
    foreign key (category_id) references category (id) on delete cascade
);
create index ix_product_category_id on product (category_id);
create table audit_log (
    id serial not null,
    at timestamptz default now() not null,
    entry text,
    primary key (id)
);
