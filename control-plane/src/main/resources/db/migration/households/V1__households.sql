-- The households the fleet serves, their quotas, and the hash of each one's API key. The key itself
-- is shown once when issued and never stored.
CREATE TABLE households (
    id                text             PRIMARY KEY,
    name              text             NOT NULL CONSTRAINT households_name_unique UNIQUE
                                       CONSTRAINT households_name_format CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
    -- SHA-256 of the key, lower-case hex
    key_hash          text             NOT NULL CONSTRAINT households_key_hash_unique UNIQUE
                                       CONSTRAINT households_key_hash_format CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    -- the key's first 8 characters: what operators see, and how a presented key finds its row
    key_prefix        text             NOT NULL CHECK (length(key_prefix) = 8),
    tokens_per_minute integer          NOT NULL CHECK (tokens_per_minute > 0),
    max_concurrent    integer          NOT NULL CHECK (max_concurrent > 0),
    max_kv_blocks     integer          NOT NULL CHECK (max_kv_blocks > 0),
    weight            double precision NOT NULL CHECK (weight > 0),
    created_at        timestamptz      NOT NULL
);

CREATE INDEX households_key_prefix ON households (key_prefix);
