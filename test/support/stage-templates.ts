import { Template } from 'aws-cdk-lib/assertions';
import { ChurnPredictionStack } from '../../lib/churn-prediction-stack';
import { StageSettings } from '../../lib/stage-config';
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
