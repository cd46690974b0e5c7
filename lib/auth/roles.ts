/**
 * Roles, least to most: viewer reads; operator also initiates jobs and downloads outputs; admin also
 * manages connections, users and settings. Plain data (no server-only): forms list the roles too.
 */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  viewer: "Viewer (read only)",
  operator: "Operator (start jobs, download outputs)",
  admin: "Admin (connections, users, settings)",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Whether `actual` includes everything `required` may do. */
export function hasRole(actual: Role, required: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(required);
}
