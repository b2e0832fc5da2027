-- Collector samples: one row per (time, node, metric, label set). Labels are jsonb so that every
-- metric keeps its own label names without a column per label; queries filter by metric and node
-- first, hence the two indexes.
CREATE TABLE samples (
    time   timestamptz      NOT NULL,
    node   text             NOT NULL,
    metric text             NOT NULL,
    labels jsonb            NOT NULL,
    value  double precision NOT NULL
);

CREATE INDEX samples_metric_time_idx ON samples (metric, time);
CREATE INDEX samples_node_time_idx ON samples (node, time);
