import {
  ListAWSDefaultServiceQuotasCommand, ListServiceQuotasCommand, ServiceQuota, ServiceQuotasClient,
} from '@aws-sdk/client-service-quotas';

/** A quota found by its name. */
export interface NamedQuota {
  readonly name: string;
  readonly code: string;
  /** The quota's value; undefined when Service Quotas could not tell it (see `error`). */
  readonly value?: number;
  /** `applied`: the account's value; `default`: AWS's default, the account has no applied value. */
  readonly source: 'applied' | 'default';
  /** Why the value is missing, when Service Quotas says so. */
  readonly error?: string;
}

type Lister = (nextToken: string | undefined) => Promise<{ quotas: readonly ServiceQuota[]; nextToken?: string }>;

async function collect(list: Lister, wanted: ReadonlySet<string>, source: NamedQuota['source'], found: Map<string, NamedQuota>): Promise<void> {
  let nextToken: string | undefined;
  do {
    const page = await list(nextToken);
    for (const quota of page.quotas) {
      const name = quota.QuotaName;
      if (name === undefined || !wanted.has(name) || found.has(name)) continue;
      found.set(name, {
        name,
        code: quota.QuotaCode ?? '',
        value: quota.Value,
        source,
        error: quota.ErrorReason?.ErrorMessage ?? quota.ErrorReason?.ErrorCode,
      });
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined && [...wanted].some((name) => !found.has(name)));
}

/**
 * Finds quotas of a service by their names, in the client's region: first the account's applied
 * values (ListServiceQuotas), then AWS's defaults for the names not found there — ListServiceQuotas
 * leaves out quotas without an applied value ("If the applied quota value is not available for a
 * quota, the quota is not retrieved", Service Quotas API reference, ListServiceQuotas). A name in
 * neither list is not offered in the region. Both lists are paginated to the end.
 */
export async function serviceQuotasByName(client: ServiceQuotasClient, serviceCode: string, names: readonly string[]): Promise<Map<string, NamedQuota>> {
  const wanted = new Set(names);
  const found = new Map<string, NamedQuota>();
  await collect(async (nextToken) => {
    const page = await client.send(new ListServiceQuotasCommand({ ServiceCode: serviceCode, NextToken: nextToken, MaxResults: 100 }));
    return { quotas: page.Quotas ?? [], nextToken: page.NextToken };
  }, wanted, 'applied', found);
  if (found.size < wanted.size) {
    await collect(async (nextToken) => {
      const page = await client.send(new ListAWSDefaultServiceQuotasCommand({ ServiceCode: serviceCode, NextToken: nextToken, MaxResults: 100 }));
      return { quotas: page.Quotas ?? [], nextToken: page.NextToken };
    }, wanted, 'default', found);
  }
  return found;
}

/** `12 (applied, L-1234ABCD)`: a quota's value with where it came from. */
export function describeQuota(quota: NamedQuota): string {
  return `${quota.value ?? 'unknown'} (${quota.source}, ${quota.code})`;
}
