/**
 * Every alarm of both stages tells the operator where to read what to do: its description ends with
 * a link to a section of docs/RUNBOOK.md that exists (ServiceUnhealthy, the endpoint's rollback
 * alarms, monitoring's alarms and the model-quality warnings alike).
 */
import { DEV, PROD } from '../../lib/stage-config';
import { headingAnchors } from '../support/markdown';
import { sharedStageTemplate } from '../support/stage-templates';

const RUNBOOK_SECTIONS = headingAnchors('docs/RUNBOOK.md');

describe.each([DEV, PROD])('$name stage', (settings) => {
  const { template } = sharedStageTemplate(settings);
  const alarms = {
    ...template.findResources('AWS::CloudWatch::Alarm'),
    ...template.findResources('AWS::CloudWatch::CompositeAlarm'),
  } as Record<string, { Properties: { AlarmDescription?: string } }>;

  test('has alarms, composite included', () => {
    expect(Object.keys(template.findResources('AWS::CloudWatch::CompositeAlarm'))).toHaveLength(1);
    expect(Object.keys(alarms).length).toBeGreaterThan(10);
  });

  test('every alarm description ends with a link to a section of docs/RUNBOOK.md that exists', () => {
    const links = Object.entries(alarms).map(([id, alarm]) => {
      const anchor = /Runbook: docs\/RUNBOOK\.md#([a-z0-9_-]+)$/.exec(alarm.Properties.AlarmDescription ?? '')?.[1];
      return { id, anchor, found: anchor !== undefined && RUNBOOK_SECTIONS.has(anchor) };
    });
    expect(links.filter((link) => !link.found)).toEqual([]);
  });
});
