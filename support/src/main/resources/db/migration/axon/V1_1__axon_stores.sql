-- Axon Framework's stores: events, snapshots, tracking tokens, sagas, dead letters.
-- Payloads and metadata are JSON in bytea: convert_from(payload, 'UTF8') shows them.

create sequence domain_event_entry_seq start with 1 increment by 1;

create table domain_event_entry (
    global_index         bigint       not null primary key,
    event_identifier     varchar(255) not null unique,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255),
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    constraint domain_event_entry_aggregate_sequence unique (aggregate_identifier, sequence_number)
);

create table snapshot_event_entry (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255) not null,
    event_identifier     varchar(255) not null unique,
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    primary key (aggregate_identifier, sequence_number, type)
);

create table token_entry (
    processor_name varchar(255) not null,
    segment        integer      not null,
    token          bytea,
    token_type     varchar(255),
    timestamp      varchar(255),
    owner          varchar(255),
    primary key (processor_name, segment)
);

create table saga_entry (
    saga_id         varchar(255) not null primary key,
    saga_type       varchar(255),
    revision        varchar(255),
    serialized_saga bytea
);

create sequence association_value_entry_seq start with 1 increment by 50;

create table association_value_entry (
    id                bigint       not null primary key,
    association_key   varchar(255) not null,
    association_value varchar(255),
    saga_id           varchar(255) not null,
    saga_type         varchar(255)
);
create index association_value_entry_lookup on association_value_entry (saga_type, association_key, association_value);
create index association_value_entry_saga on association_value_entry (saga_id, saga_type);

create table dead_letter_entry (
    dead_letter_id          varchar(255) not null primary key,
    processing_group        varchar(255) not null,
    sequence_identifier     varchar(255) not null,
    sequence_index          bigint       not null,
    message_type            varchar(255) not null,
    event_identifier        varchar(255) not null,
    time_stamp              varchar(255) not null,
    payload_type            varchar(255) not null,
    payload_revision        varchar(255),
    payload                 bytea        not null,
    meta_data               bytea,
    type                    varchar(255),
    aggregate_identifier    varchar(255),
    sequence_number         bigint,
    token_type              varchar(255),
    token                   bytea,
    enqueued_at             timestamp(6) with time zone not null,
    last_touched            timestamp(6) with time zone,
    processing_started      timestamp(6) with time zone,
    cause_type              varchar(255),
    cause_message           varchar(1023),
    diagnostics             bytea,
    constraint dead_letter_entry_sequence unique (processing_group, sequence_identifier, sequence_index)
);
