-- pending invitations into organizations: a user joins only by accepting one
create table identity.invitations (
    organization_id uuid not null references identity.organizations (id),
    user_id         uuid not null references identity.accounts (user_id),
    role            text not null,
    invited_by      text,
    invited_at      timestamptz not null,
    primary key (organization_id, user_id)
);
create index invitations_user on identity.invitations (user_id);
