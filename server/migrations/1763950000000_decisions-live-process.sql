-- Up Migration
-- Who must answer a step's pending decision request: it shows in that person's queue and they may answer it.
ALTER TABLE process_tasks ADD COLUMN waiting_for text;
CREATE INDEX process_tasks_waiting_for ON process_tasks (waiting_for) WHERE waiting_for IS NOT NULL;

-- Live events for what a page shows beyond one's own steps: decisions asked and answered, new in-app notifications,
-- and any change to a process one started or is the client of (so its page never needs a reload).
ALTER TABLE user_events DROP CONSTRAINT IF EXISTS user_events_type_check;
ALTER TABLE user_events ADD CONSTRAINT user_events_type_check
  CHECK (type IN ('step.created', 'step.changed', 'escalation', 'comment', 'decision', 'notification', 'process.changed'));

CREATE OR REPLACE FUNCTION baton_task_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  payload jsonb;
BEGIN
  payload := jsonb_build_object('taskId', NEW.id::text, 'title', NEW.title, 'status', NEW.status,
    'round', NEW.round, 'dueAt', NEW.due_at, 'escalationLevel', NEW.escalation_level);
  IF TG_OP = 'INSERT' THEN
    PERFORM baton_user_event(NEW.assignee, 'step.created', NEW.workflow_id, NEW.node_id, NEW.id, payload);
    RETURN NEW;
  END IF;
  IF NEW.status IS NOT DISTINCT FROM OLD.status AND NEW.assignee IS NOT DISTINCT FROM OLD.assignee
     AND NEW.due_at IS NOT DISTINCT FROM OLD.due_at AND NEW.escalation_level IS NOT DISTINCT FROM OLD.escalation_level
     AND NEW.reviewer IS NOT DISTINCT FROM OLD.reviewer AND NEW.waiting_for IS NOT DISTINCT FROM OLD.waiting_for
     AND NEW.priority IS NOT DISTINCT FROM OLD.priority THEN
    RETURN NEW;
  END IF;
  IF NEW.assignee IS DISTINCT FROM OLD.assignee THEN
    -- A reassigned step is new to its new assignee and changed (gone) for the old one.
    PERFORM baton_user_event(NEW.assignee, 'step.created', NEW.workflow_id, NEW.node_id, NEW.id, payload);
  END IF;
  PERFORM baton_user_event(OLD.assignee, 'step.changed', NEW.workflow_id, NEW.node_id, NEW.id, payload);
  IF NEW.reviewer IS NOT NULL AND NEW.reviewer IS DISTINCT FROM OLD.assignee THEN
    PERFORM baton_user_event(NEW.reviewer, 'step.changed', NEW.workflow_id, NEW.node_id, NEW.id, payload);
  END IF;
  -- Whoever is (or was) asked for a decision sees the step appear in (or leave) their queue.
  IF NEW.waiting_for IS DISTINCT FROM OLD.waiting_for THEN
    IF NEW.waiting_for IS NOT NULL AND NEW.waiting_for IS DISTINCT FROM NEW.reviewer THEN
      PERFORM baton_user_event(NEW.waiting_for, 'step.changed', NEW.workflow_id, NEW.node_id, NEW.id, payload);
    END IF;
    IF OLD.waiting_for IS NOT NULL AND OLD.waiting_for IS DISTINCT FROM NEW.reviewer THEN
      PERFORM baton_user_event(OLD.waiting_for, 'step.changed', NEW.workflow_id, NEW.node_id, NEW.id, payload);
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION baton_audit_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  task process_tasks%ROWTYPE;
  proc processes%ROWTYPE;
  event_type text;
  payload jsonb;
BEGIN
  -- The starter and the client of the process follow it on its page: every entry refreshes that page.
  SELECT * INTO proc FROM processes WHERE workflow_id = NEW.workflow_id;
  IF FOUND THEN
    PERFORM baton_user_event(proc.starter, 'process.changed', NEW.workflow_id, NEW.node_id, NULL,
      jsonb_build_object('action', NEW.action));
    IF proc.owner IS DISTINCT FROM proc.starter THEN
      PERFORM baton_user_event(proc.owner, 'process.changed', NEW.workflow_id, NEW.node_id, NULL,
        jsonb_build_object('action', NEW.action));
    END IF;
  END IF;
  IF NEW.action = 'commented' THEN
    event_type := 'comment';
  ELSIF NEW.action = 'escalated' THEN
    event_type := 'escalation';
  ELSIF NEW.action IN ('decisionRequested', 'decisionAnswered') THEN
    event_type := 'decision';
  ELSE
    RETURN NEW;
  END IF;
  SELECT * INTO task FROM process_tasks
   WHERE workflow_id = NEW.workflow_id AND node_id = NEW.node_id ORDER BY round DESC LIMIT 1;
  payload := jsonb_build_object('auditId', NEW.id::text, 'action', NEW.action, 'actor', NEW.actor,
    'detail', NEW.detail, 'taskId', task.id::text, 'title', task.title);
  -- Everyone involved in the step hears of it except whoever did it.
  IF task.assignee IS DISTINCT FROM NEW.actor THEN
    PERFORM baton_user_event(task.assignee, event_type, NEW.workflow_id, NEW.node_id, task.id, payload);
  END IF;
  IF task.reviewer IS NOT NULL AND task.reviewer IS DISTINCT FROM NEW.actor
     AND task.reviewer IS DISTINCT FROM task.assignee THEN
    PERFORM baton_user_event(task.reviewer, event_type, NEW.workflow_id, NEW.node_id, task.id, payload);
  END IF;
  IF event_type IN ('escalation', 'decision') AND NEW.detail ->> 'target' IS NOT NULL
     AND NEW.detail ->> 'target' IS DISTINCT FROM task.assignee
     AND NEW.detail ->> 'target' IS DISTINCT FROM task.reviewer THEN
    PERFORM baton_user_event(NEW.detail ->> 'target', event_type, NEW.workflow_id, NEW.node_id, task.id, payload);
  END IF;
  IF event_type = 'decision' AND NEW.detail ->> 'to' IS NOT NULL AND NEW.detail ->> 'to' IS DISTINCT FROM NEW.actor
     AND NEW.detail ->> 'to' IS DISTINCT FROM task.assignee AND NEW.detail ->> 'to' IS DISTINCT FROM task.reviewer THEN
    PERFORM baton_user_event(NEW.detail ->> 'to', event_type, NEW.workflow_id, NEW.node_id, task.id, payload);
  END IF;
  RETURN NEW;
END $$;

-- A new in-app notification reaches its reader's bell at once.
CREATE FUNCTION baton_notification_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM baton_user_event(NEW.user_id, 'notification', COALESCE(NEW.workflow_id, ''), NULL, NULL,
    jsonb_build_object('notificationId', NEW.id::text, 'title', NEW.title, 'body', NEW.body));
  RETURN NEW;
END $$;

CREATE TRIGGER notifications_user_events AFTER INSERT ON notifications
  FOR EACH ROW EXECUTE FUNCTION baton_notification_events();
