package io.inventiv.agents.command.identity;

import io.inventiv.agents.api.identity.OrganizationId;
import io.inventiv.agents.api.identity.OrganizationRole;
import io.inventiv.agents.api.identity.PlatformRole;
import io.inventiv.agents.api.identity.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads of the identity directory: accounts, organizations, and who belongs where with which role. */
@Component
class Directory {

    record Account(UserId userId, String username, String email, String displayName, PlatformRole platformRole, boolean active,
                   Instant createdAt, Instant updatedAt) {}

    record OrganizationView(OrganizationId id, String name, Integer maxInstances, int members, int unfinishedInstances,
                            OrganizationRole yourRole, Instant createdAt, Instant updatedAt) {}

    record Membership(OrganizationId organizationId, String organizationName, OrganizationRole role, Instant joinedAt) {}

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Member(UserId userId, String username, String displayName, String email, OrganizationRole role, Instant joinedAt) {

        Member withoutEmail() {
            return new Member(userId, username, displayName, null, role, joinedAt);
        }
    }

    record Invitation(OrganizationId organizationId, String organizationName, UserId userId, String username, OrganizationRole role,
                      String invitedBy, Instant invitedAt) {}

    private static final String ORGANIZATION_COLUMNS = "o.id, o.name, o.max_instances, o.created_at, o.updated_at, "
            + "(select count(*) from identity.memberships m where m.organization_id = o.id) as members, "
            + "(select count(*) from identity.organization_instances i where i.organization_id = o.id) as unfinished, "
            + "(select role from identity.memberships m where m.organization_id = o.id and m.user_id = ?) as your_role";

    private final JdbcTemplate jdbc;

    Directory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Account> account(UserId id) {
        return jdbc.query("select * from identity.accounts where user_id = ?", Directory::account, id.value()).stream().findFirst();
    }

    /** The account a login names: its username, or its email. */
    Optional<Account> accountByLogin(String login) {
        String key = login.trim().toLowerCase();
        return jdbc.query("select * from identity.accounts where username = ? or email = ? order by (username = ?) desc limit 1",
                Directory::account, key, key, key).stream().findFirst();
    }

    boolean taken(String column, String value, UserId except) {
        return !jdbc.queryForList("select 1 from identity.accounts where " + column + " = ? and user_id <> ?", value,
                except == null ? new UUID(0, 0) : except.value()).isEmpty();
    }

    List<Account> accounts(String search, int page, int size) {
        return jdbc.query("select * from identity.accounts where (? = '' or username ilike ? or email ilike ? or display_name ilike ?) "
                        + "order by username limit ? offset ?", Directory::account, search, like(search), like(search), like(search),
                size, (long) page * size);
    }

    long countAccounts(String search) {
        return jdbc.queryForObject("select count(*) from identity.accounts where (? = '' or username ilike ? or email ilike ? "
                + "or display_name ilike ?)", Long.class, search, like(search), like(search), like(search));
    }

    long activePlatformAdmins() {
        return jdbc.queryForObject("select count(*) from identity.accounts where active and platform_role = 'ADMIN'", Long.class);
    }

    Optional<OrganizationRole> roleOf(UserId user, OrganizationId organization) {
        return jdbc.query("select role from identity.memberships where user_id = ? and organization_id = ?",
                (rs, n) -> OrganizationRole.valueOf(rs.getString(1)), user.value(), organization.value()).stream().findFirst();
    }

    List<Membership> membershipsOf(UserId user) {
        return jdbc.query("select m.organization_id, o.name, m.role, m.joined_at from identity.memberships m "
                        + "join identity.organizations o on o.id = m.organization_id where m.user_id = ? order by m.joined_at, o.name",
                (rs, n) -> new Membership(new OrganizationId(rs.getObject(1, UUID.class)), rs.getString(2),
                        OrganizationRole.valueOf(rs.getString(3)), rs.getTimestamp(4).toInstant()), user.value());
    }

    Optional<OrganizationView> organization(OrganizationId id, UserId viewer) {
        return jdbc.query("select " + ORGANIZATION_COLUMNS + " from identity.organizations o where o.id = ?",
                Directory::organization, viewer.value(), id.value()).stream().findFirst();
    }

    /** The organization's token budget: {@code amount_eur} and {@code period}, both null when it has none. */
    Map<String, Object> budgetOf(OrganizationId id) {
        return jdbc.query("select budget_eur, budget_period from identity.organizations where id = ?", (rs, n) -> {
            Map<String, Object> budget = new java.util.LinkedHashMap<>();
            budget.put("organization_id", id);
            budget.put("amount_eur", rs.getBigDecimal(1) == null ? null : rs.getBigDecimal(1).stripTrailingZeros().toPlainString());
            budget.put("period", rs.getString(2));
            return budget;
        }, id.value()).stream().findFirst().orElseThrow();
    }

    /** Every organization (for platform admins), or only those the viewer belongs to. */
    List<OrganizationView> organizations(UserId viewer, boolean all) {
        return jdbc.query("select " + ORGANIZATION_COLUMNS + " from identity.organizations o "
                        + (all ? "" : "where exists (select 1 from identity.memberships m where m.organization_id = o.id and m.user_id = ?) ")
                        + "order by o.name, o.id", Directory::organization,
                all ? new Object[] {viewer.value()} : new Object[] {viewer.value(), viewer.value()});
    }

    List<Member> members(OrganizationId organization) {
        return jdbc.query("select a.user_id, a.username, a.display_name, a.email, m.role, m.joined_at from identity.memberships m "
                        + "join identity.accounts a on a.user_id = m.user_id where m.organization_id = ? order by m.joined_at, a.username",
                (rs, n) -> new Member(new UserId(rs.getObject(1, UUID.class)), rs.getString(2), rs.getString(3), rs.getString(4),
                        OrganizationRole.valueOf(rs.getString(5)), rs.getTimestamp(6).toInstant()), organization.value());
    }

    List<Invitation> invitationsOf(UserId user) {
        return invitations("i.user_id = ?", user.value());
    }

    List<Invitation> invitationsTo(OrganizationId organization) {
        return invitations("i.organization_id = ?", organization.value());
    }

    long organizationsOwnedBy(UserId user) {
        return jdbc.queryForObject("select count(*) from identity.memberships where user_id = ? and role = 'OWNER'", Long.class, user.value());
    }

    private List<Invitation> invitations(String which, UUID key) {
        return jdbc.query("select i.organization_id, o.name, i.user_id, a.username, i.role, i.invited_by, i.invited_at "
                        + "from identity.invitations i join identity.organizations o on o.id = i.organization_id "
                        + "join identity.accounts a on a.user_id = i.user_id where " + which + " order by i.invited_at",
                (rs, n) -> new Invitation(new OrganizationId(rs.getObject(1, UUID.class)), rs.getString(2), new UserId(rs.getObject(3, UUID.class)),
                        rs.getString(4), OrganizationRole.valueOf(rs.getString(5)), rs.getString(6), rs.getTimestamp(7).toInstant()), key);
    }

    private static String like(String search) {
        return "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static Account account(ResultSet rs, int n) throws SQLException {
        return new Account(new UserId(rs.getObject("user_id", UUID.class)), rs.getString("username"), rs.getString("email"),
                rs.getString("display_name"), PlatformRole.valueOf(rs.getString("platform_role")), rs.getBoolean("active"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }

    private static OrganizationView organization(ResultSet rs, int n) throws SQLException {
        String role = rs.getString("your_role");
        return new OrganizationView(new OrganizationId(rs.getObject("id", UUID.class)), rs.getString("name"),
                (Integer) rs.getObject("max_instances"), rs.getInt("members"), rs.getInt("unfinished"),
                role == null ? null : OrganizationRole.valueOf(role), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
