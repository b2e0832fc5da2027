-- Test double of the TimescaleDB functions the store's TimescaleDB layout calls, with their names,
-- parameter names and defaults (TimescaleDB 2.13+ API), so that the layout's migrations and Java SQL
-- run on plain PostgreSQL and fail here the way they would there on a misspelt function, argument
-- name or type. Where TimescaleDB takes "any" (which SQL functions cannot), the stand-in takes the
-- one type the store passes. Every call is written to timescale_stand_in.calls for the test to read.
--
-- The functions live in schema timescale_stand_in; the test puts it on the search_path.

CREATE SCHEMA timescale_stand_in;

CREATE TABLE timescale_stand_in.calls (
    seq  serial PRIMARY KEY,
    call text NOT NULL
);

CREATE SEQUENCE timescale_stand_in.job_ids START 1000;

CREATE TYPE timescale_stand_in.dimension_info AS (column_name name, partition_interval text);

CREATE FUNCTION timescale_stand_in.by_range(column_name name, partition_interval anyelement DEFAULT NULL,
                                            partition_func regproc DEFAULT NULL)
RETURNS timescale_stand_in.dimension_info
LANGUAGE sql IMMUTABLE AS $$
    SELECT ROW(column_name, partition_interval::text)::timescale_stand_in.dimension_info
$$;

CREATE FUNCTION timescale_stand_in.create_hypertable(relation regclass,
                                                     dimension timescale_stand_in.dimension_info,
                                                     create_default_indexes boolean DEFAULT true,
                                                     if_not_exists boolean DEFAULT false,
                                                     migrate_data boolean DEFAULT false)
RETURNS TABLE (hypertable_id integer, created boolean)
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO timescale_stand_in.calls (call) VALUES (format(
        'create_hypertable(%s, by_range(%s, %s), create_default_indexes => %s)',
        relation, dimension.column_name, dimension.partition_interval, create_default_indexes::text));
    RETURN QUERY SELECT 1, true;
END
$$;

CREATE FUNCTION timescale_stand_in.add_compression_policy(hypertable regclass, compress_after interval DEFAULT NULL,
                                                          if_not_exists boolean DEFAULT false,
                                                          schedule_interval interval DEFAULT NULL,
                                                          initial_start timestamptz DEFAULT NULL,
                                                          timezone text DEFAULT NULL,
                                                          compress_created_before interval DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO timescale_stand_in.calls (call)
        VALUES (format('add_compression_policy(%s, %s)', hypertable, compress_after));
    RETURN nextval('timescale_stand_in.job_ids');
END
$$;

CREATE FUNCTION timescale_stand_in.add_retention_policy(relation regclass, drop_after interval DEFAULT NULL,
                                                        if_not_exists boolean DEFAULT false,
                                                        schedule_interval interval DEFAULT NULL,
                                                        initial_start timestamptz DEFAULT NULL,
                                                        timezone text DEFAULT NULL,
                                                        drop_created_before interval DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO timescale_stand_in.calls (call)
        VALUES (format('add_retention_policy(%s, %s)', relation, drop_after));
    RETURN nextval('timescale_stand_in.job_ids');
END
$$;

CREATE FUNCTION timescale_stand_in.remove_retention_policy(relation regclass, if_exists boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO timescale_stand_in.calls (call)
        VALUES (format('remove_retention_policy(%s, if_exists => %s)', relation, if_exists::text));
END
$$;

CREATE FUNCTION timescale_stand_in.add_continuous_aggregate_policy(continuous_aggregate regclass,
                                                                   start_offset interval, end_offset interval,
                                                                   schedule_interval interval,
                                                                   if_not_exists boolean DEFAULT false,
                                                                   initial_start timestamptz DEFAULT NULL,
                                                                   timezone text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO timescale_stand_in.calls (call) VALUES (format(
        'add_continuous_aggregate_policy(%s, %s, %s, %s, if_not_exists => %s)',
        continuous_aggregate, start_offset, end_offset, schedule_interval, if_not_exists::text));
    RETURN nextval('timescale_stand_in.job_ids');
END
$$;

-- Drops what a hypertable of 1-day chunks would: the days entirely before older_than, named as
-- TimescaleDB names chunks.
CREATE FUNCTION timescale_stand_in.drop_chunks(relation regclass, older_than timestamptz DEFAULT NULL,
                                               newer_than timestamptz DEFAULT NULL,
                                               verbose boolean DEFAULT false,
                                               created_before timestamptz DEFAULT NULL,
                                               created_after timestamptz DEFAULT NULL)
RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
    day date;
BEGIN
    INSERT INTO timescale_stand_in.calls (call)
        VALUES (format('drop_chunks(%s, older_than => %s)', relation, older_than AT TIME ZONE 'UTC'));
    FOR day IN EXECUTE format('SELECT DISTINCT (time AT TIME ZONE ''UTC'')::date FROM %s ORDER BY 1', relation) LOOP
        IF ((day + 1)::timestamp AT TIME ZONE 'UTC') <= older_than THEN
            EXECUTE format('DELETE FROM %s WHERE (time AT TIME ZONE ''UTC'')::date = %L', relation, day);
            RETURN NEXT format('_timescaledb_internal._hyper_1_%s_chunk', to_char(day, 'YYYYMMDD'));
        END IF;
    END LOOP;
END
$$;

CREATE FUNCTION timescale_stand_in.time_bucket(bucket_width interval, ts timestamptz)
RETURNS timestamptz
LANGUAGE sql IMMUTABLE AS $$
    SELECT date_bin(bucket_width, ts, TIMESTAMPTZ '2000-01-03 00:00:00+00')
$$;

-- last(value, time): the value with the latest time.
CREATE TYPE timescale_stand_in.last_state AS (value double precision, at timestamptz);

CREATE FUNCTION timescale_stand_in.last_step(state timescale_stand_in.last_state, value double precision,
                                             at timestamptz)
RETURNS timescale_stand_in.last_state
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN state IS NULL OR at >= (state).at THEN ROW(value, at)::timescale_stand_in.last_state
                ELSE state END
$$;

CREATE FUNCTION timescale_stand_in.last_value_of(state timescale_stand_in.last_state)
RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
    SELECT (state).value
$$;

CREATE AGGREGATE timescale_stand_in.last(double precision, timestamptz) (
    SFUNC = timescale_stand_in.last_step,
    STYPE = timescale_stand_in.last_state,
    FINALFUNC = timescale_stand_in.last_value_of
);
