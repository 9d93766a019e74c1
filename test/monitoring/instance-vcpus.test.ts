import { vcpusOfInstanceType } from '../../lib/monitoring/instance-vcpus';

describe('vcpusOfInstanceType', () => {
  test.each([
    ['ml.c5.large', 2], ['ml.c5.xlarge', 4], ['ml.m5.2xlarge', 8], ['ml.c5.9xlarge', 36], ['ml.c7g.medium', 1], ['ml.g4dn.12xlarge', 48],
  ])('%s has %d vCPUs', (type, vcpus) => {
    expect(vcpusOfInstanceType(type)).toBe(vcpus);
  });

  test.each(['ml.t2.medium', 'c5.large', 'ml.c5.metal', ''])('When the type is %p: an error asks for the count', (type) => {
    expect(() => vcpusOfInstanceType(type)).toThrow(/pass vcpusPerInstance yourself/);
  });
});
