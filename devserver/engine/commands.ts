import type { temporal } from '@temporalio/proto';
import { api, durationMs } from '../proto';

// The workflow task's commands: which close the run, which a completion may not carry, and how upserts merge.

type Command = temporal.api.command.v1.ICommand;
const Cause = api.enums.v1.WorkflowTaskFailedCause;

export function mergeFields<T>(
  existing: { indexedFields?: Record<string, T> | null; fields?: Record<string, T> | null } | null,
  upserted: Record<string, T>
): Record<string, T> {
  return { ...(existing?.indexedFields ?? existing?.fields ?? {}), ...upserted };
}

export function isCloseCommand(command: Command): boolean {
  return Boolean(
    command.completeWorkflowExecutionCommandAttributes ||
    command.failWorkflowExecutionCommandAttributes ||
    command.cancelWorkflowExecutionCommandAttributes ||
    command.continueAsNewWorkflowExecutionCommandAttributes
  );
}

export function validateCommands(commands: Command[]): { cause: number; message: string } | null {
  for (const command of commands) {
    const activity = command.scheduleActivityTaskCommandAttributes;
    if (activity) {
      if (!activity.activityId) {
        return {
          cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES,
          message: 'activityId is not set',
        };
      }
      if (!activity.activityType?.name) {
        return {
          cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES,
          message: 'activityType is not set',
        };
      }
      if (!durationMs(activity.scheduleToCloseTimeout) && !durationMs(activity.startToCloseTimeout)) {
        return {
          cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES,
          message: 'a valid StartToClose or ScheduleToCloseTimeout is not set on ScheduleActivityTaskCommand',
        };
      }
      continue;
    }
    if (command.startTimerCommandAttributes) {
      if (
        !command.startTimerCommandAttributes.timerId ||
        durationMs(command.startTimerCommandAttributes.startToFireTimeout) <= 0
      ) {
        return {
          cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES,
          message: 'invalid StartTimer command',
        };
      }
      continue;
    }
    const supported =
      command.cancelTimerCommandAttributes ||
      command.requestCancelActivityTaskCommandAttributes ||
      command.recordMarkerCommandAttributes ||
      command.upsertWorkflowSearchAttributesCommandAttributes ||
      command.modifyWorkflowPropertiesCommandAttributes ||
      command.protocolMessageCommandAttributes ||
      command.startChildWorkflowExecutionCommandAttributes ||
      command.signalExternalWorkflowExecutionCommandAttributes ||
      command.requestCancelExternalWorkflowExecutionCommandAttributes ||
      isCloseCommand(command);
    if (!supported) {
      return {
        cause: Cause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
        message: `command type ${command.commandType ?? 0} is not supported by this devserver yet`,
      };
    }
  }
  return null;
}
