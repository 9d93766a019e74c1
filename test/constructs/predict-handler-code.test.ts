import * as fs from 'fs';
import * as path from 'path';
import { PREDICT_HANDLER_TARGET, predictHandlerBundle } from '../../lib/api/predict-handler-code';
import { bundleHandler } from '../../local/api/handler-bundle';

describe('the deployed bundle of the prediction function', () => {
  const directory = predictHandlerBundle();
  const code = fs.readFileSync(path.join(directory, 'index.js'), 'utf8');

  test('is the local run\'s bundle, minified for the Lambda runtime, with an external source map', async () => {
    const local = await bundleHandler({ minify: true, sourceMap: false, target: PREDICT_HANDLER_TARGET });
    expect(code.replace(/\/\/# sourceMappingURL=index\.js\.map\n$/, '')).toBe(local);
    expect(fs.readdirSync(directory).sort()).toEqual(['index.js', 'index.js.map']);
  });

  test('its source map names the sources relative to the bundle, without their content', () => {
    const map = JSON.parse(fs.readFileSync(path.join(directory, 'index.js.map'), 'utf8')) as { sources: string[]; sourcesContent?: unknown };
    expect(map.sourcesContent).toBeUndefined();
    expect(map.sources.every((source) => !path.isAbsolute(source))).toBe(true);
    expect(map.sources.map((source) => path.resolve(directory, source))).toContain(path.resolve(__dirname, '..', '..', 'lambda', 'predict', 'handler.ts'));
  });

  test('is built once per process', () => {
    expect(predictHandlerBundle()).toBe(directory);
  });
});
