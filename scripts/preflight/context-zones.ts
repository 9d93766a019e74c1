/**
 * The Availability Zone names a pinned `cdk synth` recorded for a region in cdk.context.json (the
 * CLI's `availability-zones:account=<account>:region=<region>` entries): what Prod's VPC will take.
 * Undefined when there is none, or when entries of several accounts leave it ambiguous.
 */
export function contextZoneNames(context: Record<string, unknown>, region: string): string[] | undefined {
  const entries = Object.entries(context)
    .filter(([key, value]) => key.startsWith('availability-zones:account=') && key.endsWith(`:region=${region}`) && Array.isArray(value));
  if (entries.length !== 1) return undefined;
  return (entries[0][1] as unknown[]).filter((zone): zone is string => typeof zone === 'string');
}
