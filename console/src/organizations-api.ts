/** Organizations, their members, budgets and quotas, the platform's users, and the signed-in user's organization. */
import { api, del, post, put, type ActionRecorded, type Me, type Page } from './api';

export type OrganizationRole = 'MEMBER' | 'ADMIN' | 'OWNER';
export type PlatformRole = 'USER' | 'ADMIN';
export type BudgetPeriod = 'day' | 'month' | 'total';

export const ROLES: { value: OrganizationRole; label: string }[] = [
  { value: 'MEMBER', label: 'Member' },
  { value: 'ADMIN', label: 'Admin' },
  { value: 'OWNER', label: 'Owner' },
];

export const ROLE_COLOR: Record<OrganizationRole, string> = { OWNER: 'grape', ADMIN: 'blue', MEMBER: 'gray' };

export function roleLabel(role: OrganizationRole | null | undefined): string {
  return ROLES.find((r) => r.value === role)?.label ?? '—';
}

/** "a member", "an admin", "an owner". */
export function aRole(role: OrganizationRole | null | undefined): string {
  return role === 'MEMBER' ? 'a member' : role ? `an ${roleLabel(role).toLowerCase()}` : 'a member';
}

/** Each role includes the ones below it. */
export function includes(role: OrganizationRole | null | undefined, needed: OrganizationRole): boolean {
  const rank = (r: OrganizationRole) => ROLES.findIndex((x) => x.value === r);
  return role != null && rank(role) >= rank(needed);
}

/** GET /organizations, /organizations/{id}: `your_role` is null for a platform admin who is not a member. */
export interface OrganizationView {
  id: string;
  name: string;
  max_instances: number | null;
  members: number;
  unfinished_instances: number;
  your_role: OrganizationRole | null;
  created_at: string;
  updated_at: string;
}

/** A row of GET /organizations/{id}/members: the email only for the organization's admins and owners. */
export interface Member {
  user_id: string;
  username: string;
  display_name: string | null;
  email?: string | null;
  role: OrganizationRole;
  joined_at: string;
}

/** A pending invitation, to an organization (its owners see them) or of the signed-in user (in /auth/me). */
export interface Invitation {
  organization_id: string;
  organization_name: string;
  user_id: string;
  username: string;
  role: OrganizationRole;
  invited_by: string | null;
  invited_at: string;
}

export interface Membership {
  organization_id: string;
  organization_name: string;
  role: OrganizationRole;
  joined_at: string;
}

/** GET /organizations/{id}/budget: both null when the organization has no budget. */
export interface OrganizationBudget {
  organization_id: string;
  amount_eur: string | null;
  period: BudgetPeriod | null;
}

/** A row of GET /users (platform admins). */
export interface UserAccount {
  user_id: string;
  username: string;
  email: string | null;
  display_name: string | null;
  platform_role: PlatformRole;
  active: boolean;
  created_at: string;
  updated_at: string;
}

/** GET /auth/me in full: also the organizations one belongs to and the invitations waiting for an answer. */
export interface MeInFull extends Me {
  organizations: Membership[];
  invitations: Invitation[];
}

export interface NewUser {
  username: string;
  email?: string;
  display_name?: string;
  password: string;
  platform_role: PlatformRole;
}

const org = (id: string) => `/organizations/${encodeURIComponent(id)}`;
const member = (id: string, userId: string) => `${org(id)}/members/${encodeURIComponent(userId)}`;

export const listOrganizations = () => api<OrganizationView[]>('/organizations');
export const getOrganization = (id: string) => api<OrganizationView>(org(id));
export const createOrganization = (name: string) => post<OrganizationView>('/organizations', { name });
export const renameOrganization = (id: string, name: string) => put<OrganizationView>(org(id), { name });

export const listMembers = (id: string) => api<Member[]>(`${org(id)}/members`);
/** A platform admin adds the user at once; an owner invites them (they accept from their console). */
export const addMember = (id: string, login: string, role: OrganizationRole) => post<unknown>(`${org(id)}/members`, { login, role });
export const changeRole = (id: string, userId: string, role: OrganizationRole) => put<Member[]>(member(id, userId), { role });
export const removeMember = (id: string, userId: string) => del<void>(member(id, userId));

export const listInvitations = (id: string) => api<Invitation[]>(`${org(id)}/invitations`);
export const revokeInvitation = (id: string, userId: string) => del<void>(`${org(id)}/invitations/${encodeURIComponent(userId)}`);

export const getBudget = (id: string) => api<OrganizationBudget>(`${org(id)}/budget`);
export const setBudget = (id: string, amount: string, period: BudgetPeriod) =>
  put<OrganizationBudget>(`${org(id)}/budget`, { amount_eur: amount, period });
export const liftBudget = (id: string) => del<OrganizationBudget>(`${org(id)}/budget`);

export const setQuota = (id: string, maxInstances: number) => put<OrganizationView>(`${org(id)}/quota`, { max_instances: maxInstances });
export const liftQuota = (id: string) => del<OrganizationView>(`${org(id)}/quota`);

export function listUsers(q: string, page: number, size: number) {
  const query = new URLSearchParams({ q, page: String(page), size: String(size) });
  return api<Page<UserAccount>>(`/users?${query}`);
}
export const createUser = (user: NewUser) => post<UserAccount>('/users', user);
export const setUserActive = (userId: string, active: boolean) => put<UserAccount>(`/users/${encodeURIComponent(userId)}`, { active });

export const fetchMe = () => api<MeInFull>('/auth/me');
export const switchOrganization = (id: string) => put<MeInFull>('/auth/me/organization', { organization_id: id });
export const acceptInvitation = (organizationId: string) => post<MeInFull>(`/auth/me/invitations/${encodeURIComponent(organizationId)}`, {});
export const declineInvitation = (organizationId: string) => del<void>(`/auth/me/invitations/${encodeURIComponent(organizationId)}`);

/** The organization an action is about: the one it was filed under, else the one its event names. */
export function organizationOf(action: ActionRecorded): string | null {
  const named = action.metadata?.organization_id;
  return action.organization_id ?? (typeof named === 'string' ? named : null);
}

/** Organization and membership events: their codes are their events' names (ORGANIZATION_CREATED, ..._BUDGET_CHANGED, ...). */
export function isOrganizationAction(action: ActionRecorded): boolean {
  return action.action_type.startsWith('ORGANIZATION_');
}

export function isUserAction(action: ActionRecorded): boolean {
  return action.action_type.startsWith('USER_');
}

export function budgetText(budget: OrganizationBudget | null): string {
  if (!budget || budget.amount_eur == null) {
    return 'No budget';
  }
  return budget.period === 'total' ? `${budget.amount_eur} EUR in total` : `${budget.amount_eur} EUR per ${budget.period}`;
}
