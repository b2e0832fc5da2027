-- Which layout this database's metric store was created with. A database keeps its layout: the
-- store reads this row at start-up and refuses to run the other layout's migrations against it.
-- Databases migrated before layouts were recorded hold the native layout, which is the only one
-- they could have.
CREATE TABLE store_layout (
    one_row   boolean     PRIMARY KEY DEFAULT true CHECK (one_row),
    layout    text        NOT NULL CHECK (layout IN ('TIMESCALE', 'DAY_PARTITIONS')),
    chosen_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO store_layout (layout) VALUES ('DAY_PARTITIONS');
