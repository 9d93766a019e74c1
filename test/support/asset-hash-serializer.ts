/**
 * Jest snapshot serializer that masks CDK asset hashes (64 hex digits), which change with every
 * Lambda bundle or model archive byte, so snapshots show only what a reviewer should read.
 */
const HAS_ASSET_HASH = /[0-9a-f]{64}/;
const ASSET_HASHES = /[0-9a-f]{64}/g;

export function test(value: unknown): boolean {
  return typeof value === 'string' && HAS_ASSET_HASH.test(value);
}

export function serialize(value: string): string {
  return JSON.stringify(value.replace(ASSET_HASHES, '[ASSET_HASH]'));
}
