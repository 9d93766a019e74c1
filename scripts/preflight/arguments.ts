import { parseArgs } from 'util';
import { StageSettings, STAGES } from '../../lib/stage-config';
import { DEFAULT_TOOLKIT_STACK_NAME } from './bootstrap-check';

/** Thrown by {@link parsePreflightArguments} for `--help`. */
export class HelpRequested extends Error {
  constructor() {
    super('help requested');
  }
}

/** The preflight's command line, checked. */
export interface PreflightArguments {
  /** The stage's settings, from `lib/stage-config.ts`. */
  readonly stage: StageSettings;
  readonly region: string;
  readonly toolkitStackName: string;
}

/**
 * Reads `--stage <name> --region <region> [--toolkit-stack-name <name>]` (region defaults to
 * $AWS_REGION, then $AWS_DEFAULT_REGION). Throws naming every problem at once, or HelpRequested.
 */
export function parsePreflightArguments(argv: readonly string[], env: NodeJS.ProcessEnv, stages: readonly StageSettings[] = STAGES): PreflightArguments {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'stage': { type: 'string' },
      'region': { type: 'string' },
      'toolkit-stack-name': { type: 'string' },
      'help': { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help === true) throw new HelpRequested();
  const problems: string[] = [];
  const names = stages.map((candidate) => candidate.name);
  const stage = stages.find((candidate) => candidate.name === values.stage);
  if (values.stage === undefined) problems.push(`give --stage (${names.join(' or ')})`);
  else if (stage === undefined) problems.push(`--stage must be one of ${names.join(', ')}, got "${values.stage}"`);
  const region = values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '';
  if (region === '') problems.push('give --region (or set AWS_REGION)');
  else if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) problems.push(`--region must look like eu-west-1, got "${region}"`);
  const toolkitStackName = values['toolkit-stack-name'] ?? DEFAULT_TOOLKIT_STACK_NAME;
  if (toolkitStackName.trim() === '') problems.push('--toolkit-stack-name must not be blank');
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return { stage: stage!, region, toolkitStackName };
}
