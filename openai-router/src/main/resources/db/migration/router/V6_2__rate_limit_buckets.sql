-- Each API key's rate limits as token buckets shared by every node of the data plane: the level of each
-- limit as it stood at refilled_at (it refills at the limit per minute, up to the limit). Nodes take from
-- them in portions, in a transaction that locks the key's row.
create table router.rate_limit_buckets (
    api_key_id          uuid primary key,
    requests_per_minute integer,
    requests_level      double precision not null,
    tokens_per_minute   integer,
    tokens_level        double precision not null,
    refilled_at         timestamptz      not null
);
