import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** Alarms per row of a full-width status widget. */
const ALARMS_PER_ROW = 4;

/**
 * A full-width dashboard widget showing the state of `alarms`, in their order: one row of grid
 * height per four alarms, plus one for the title.
 */
export function alarmStatusWidget(title: string, alarms: readonly cloudwatch.IAlarm[]): cloudwatch.AlarmStatusWidget {
  return new cloudwatch.AlarmStatusWidget({
    title,
    alarms: [...alarms],
    width: 24,
    height: Math.ceil(alarms.length / ALARMS_PER_ROW) + 1,
  });
}
