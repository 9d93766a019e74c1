import { ChurnPredictionStack } from './lib/churn-prediction-stack';
import { STAGES } from './lib/stage-config';
import { createTestApp } from './test/support/app';
const s = Date.now();
const app = createTestApp(); for (const st of STAGES) new ChurnPredictionStack(app, `S-${st.name}`, { settings: st });
const c = Date.now();
app.synth();
console.log('construct', c - s, 'synth', Date.now() - c);
