import { Template } from 'aws-cdk-lib/assertions';
import * as fs from 'fs';
import * as path from 'path';
import { ChurnPredictionStack } from '../../lib/churn-prediction-stack';
import { cacheDirectory } from '../../lib/private/cache-directory';
import { inputVerifiedBuild } from '../../lib/private/input-verified-cache';
import { StageSettings, STAGES } from '../../lib/stage-config';
import { createTestApp } from './app';

const cache = new Map<string, { stack: ChurnPredictionStack; template: Template }>();

/** The stack and template of one stage, synthesized once per test file. */
export function stageTemplate(settings: StageSettings): { stack: ChurnPredictionStack; template: Template } {
  const cached = cache.get(settings.name);
  if (cached) return cached;
  const app = createTestApp();
  const stack = new ChurnPredictionStack(app, `ChurnPrediction-${settings.name}`, { settings });
  const entry = { stack, template: Template.fromStack(stack) };
  cache.set(settings.name, entry);
  return entry;
}

const REPOSITORY = path.join(__dirname, '..', '..');
/** What a shipped stage's template is made of: the sources, the bundled model, settings and versions. */
const TEMPLATE_SOURCES = ['lib', 'bin', 'contract', 'lambda', path.join('model', 'bundled')];
const TEMPLATE_FILES = ['cdk.json', 'package-lock.json', 'tsconfig.json', path.join('test', 'support', 'app.ts'), path.join('test', 'support', 'stage-templates.ts')];

function filesUnder(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(file) : [file];
  });
}

/**
 * The stack name and template of a shipped stage (one of STAGES), as stageTemplate() synthesizes them, shared by the
 * test files that only read templates, and by later runs: kept in
 * `node_modules/.cache/churn-prediction-service/stage-templates/` and reused only while every
 * source file, the bundled model package, cdk.json, the lock file and tsconfig.json keep the
 * content they had when it was synthesized (lib/private/input-verified-cache.ts). A file that needs
 * the stack's constructs (logical ids, children) takes stageTemplate().
 */
export function sharedStageTemplate(settings: StageSettings): { stackName: string; template: Template } {
  if (!STAGES.includes(settings)) throw new Error(`sharedStageTemplate takes a shipped stage (STAGES), got ${settings.name}`);
  const { directory } = inputVerifiedBuild({
    cacheDirectory: cacheDirectory('stage-templates'),
    key: `stage-template-${settings.name}`,
    build: (outputDirectory) => {
      const { stack, template } = stageTemplate(settings);
      fs.writeFileSync(path.join(outputDirectory, 'stage.json'), JSON.stringify({ stackName: stack.stackName, template: template.toJSON() }));
      return [
        ...TEMPLATE_SOURCES.flatMap((source) => filesUnder(path.join(REPOSITORY, source))),
        ...TEMPLATE_FILES.map((file) => path.join(REPOSITORY, file)),
      ];
    },
  });
  const stage = JSON.parse(fs.readFileSync(path.join(directory, 'stage.json'), 'utf8')) as { stackName: string; template: Record<string, unknown> };
  return { stackName: stage.stackName, template: Template.fromJSON(stage.template) };
}
