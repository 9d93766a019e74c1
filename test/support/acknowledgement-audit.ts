import { Validations } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { IConstruct } from 'constructs';
import * as fs from 'fs';
import * as path from 'path';

/** One `Validations.of(scope).acknowledge(...)` of a cdk-nag rule, as recorded on the construct. */
export interface Acknowledgement {
  /** The qualified rule id, e.g. `NIST.800.53.R5::NIST.800.53.R5-LambdaDLQ`. */
  readonly id: string;
  /** The construct path it was recorded at. */
  readonly path: string;
  readonly reason: string;
}

/** What the acknowledgements of a synthesized app did. */
export interface AcknowledgementAudit {
  /** Every acknowledgement of a rule of the audited packs. */
  readonly acknowledgements: readonly Acknowledgement[];
  /** Acknowledgements that suppressed no finding: stale, or aimed at the wrong resource or id. */
  readonly dead: readonly Acknowledgement[];
  /** Acknowledgements with an empty or blank reason. */
  readonly unreasoned: readonly Acknowledgement[];
  /** Acknowledgements that suppressed findings on more than one resource, with those resources. */
  readonly broad: readonly (Acknowledgement & { readonly resources: readonly string[] })[];
}

/** The part of `validation-report.json` (aws-cdk-lib's validation framework) read here. */
interface ValidationReport {
  readonly pluginReports: readonly {
    readonly suppressedViolations?: readonly {
      readonly acknowledgedId: string;
      readonly acknowledgedAt: string;
      readonly violatingConstructs: readonly { readonly constructPath: string }[];
    }[];
  }[];
}

/**
 * Audits the acknowledgements of the cdk-nag packs named in `packs` after `root` was synthesized into
 * `assemblyDirectory`: each acknowledgement recorded in the construct tree (the metadata
 * `Validations.acknowledge` writes) against the findings the validation report lists as suppressed,
 * with the acknowledgement's id and the path it was recorded at.
 */
export function auditAcknowledgements(root: IConstruct, assemblyDirectory: string, packs: readonly string[]): AcknowledgementAudit {
  const acknowledgements = recordedAcknowledgements(root).filter((ack) => packs.some((pack) => ack.id.startsWith(`${pack}::`)));
  const report: ValidationReport = JSON.parse(fs.readFileSync(path.join(assemblyDirectory, cxapi.VALIDATION_REPORT_FILE), 'utf8'));
  const suppressed = new Map<string, Set<string>>();
  for (const plugin of report.pluginReports) {
    for (const violation of plugin.suppressedViolations ?? []) {
      const key = keyOf(violation.acknowledgedId, violation.acknowledgedAt);
      const resources = suppressed.get(key) ?? new Set<string>();
      for (const construct of violation.violatingConstructs) resources.add(construct.constructPath);
      suppressed.set(key, resources);
    }
  }
  return {
    acknowledgements,
    dead: acknowledgements.filter((ack) => !suppressed.has(keyOf(ack.id, ack.path))),
    unreasoned: acknowledgements.filter((ack) => ack.reason.trim() === ''),
    broad: acknowledgements
      .map((ack) => ({ ...ack, resources: [...(suppressed.get(keyOf(ack.id, ack.path)) ?? [])] }))
      .filter((ack) => ack.resources.length > 1),
  };
}

function recordedAcknowledgements(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((construct) => construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
    .map(([id, reason]) => ({ id, path: construct.node.path, reason: String(reason ?? '') })));
}

function keyOf(id: string, constructPath: string): string {
  return `${id}@${constructPath}`;
}
