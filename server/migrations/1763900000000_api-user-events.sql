-- Up Migration
-- The per-user live event log behind Server-Sent Events. Triggers on process_tasks and process_audit write one row
-- per interested person and pg_notify the id, so every API process (each LISTENs) can push it; a reconnecting
-- client asks for the rows after its Last-Event-ID, so nothing is lost between connections.
CREATE TABLE user_events (
  id bigserial PRIMARY KEY,
  user_id text NOT NULL,
  type text NOT NULL CHECK (type IN ('step.created', 'step.changed', 'escalation', 'comment')),
  workflow_id text NOT NULL,
  node_id text,
  task_id bigint,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_events_user_idx ON user_events (user_id, id);
CREATE INDEX user_events_created_idx ON user_events (created_at);

CREATE FUNCTION baton_user_event(p_user text, p_type text, p_workflow text, p_node text, p_task bigint, p_data jsonb)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  new_id bigint;
BEGIN
  IF p_user IS NULL OR p_user = 'system' THEN
    RETURN;
  END IF;
  INSERT INTO user_events (user_id, type, workflow_id, node_id, task_id, data)
  VALUES (p_user, p_type, p_workflow, p_node, p_task, p_data) RETURNING id INTO new_id;
  -- The payload names the person only: listeners read the rows themselves, so the payload limit never matters.
  PERFORM pg_notify('baton_user_events', p_user);
END $$;

CREATE FUNCTION baton_task_events() RETURNS trigger LANGUAGE plpgsql AS $$
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
     AND NEW.reviewer IS NOT DISTINCT FROM OLD.reviewer THEN
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
  RETURN NEW;
END $$;

CREATE TRIGGER process_tasks_user_events AFTER INSERT OR UPDATE ON process_tasks
  FOR EACH ROW EXECUTE FUNCTION baton_task_events();

CREATE FUNCTION baton_audit_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  task process_tasks%ROWTYPE;
  event_type text;
  payload jsonb;
BEGIN
  IF NEW.action = 'commented' THEN
    event_type := 'comment';
  ELSIF NEW.action = 'escalated' THEN
    event_type := 'escalation';
  ELSE
    RETURN NEW;
  END IF;
  SELECT * INTO task FROM process_tasks
   WHERE workflow_id = NEW.workflow_id AND node_id = NEW.node_id ORDER BY round DESC LIMIT 1;
  payload := jsonb_build_object('auditId', NEW.id::text, 'actor', NEW.actor, 'detail', NEW.detail,
    'taskId', task.id::text, 'title', task.title);
  -- Everyone involved in the step hears of it except whoever did it.
  IF task.assignee IS DISTINCT FROM NEW.actor THEN
    PERFORM baton_user_event(task.assignee, event_type, NEW.workflow_id, NEW.node_id, task.id, payload);
  END IF;
  IF task.reviewer IS NOT NULL AND task.reviewer IS DISTINCT FROM NEW.actor
     AND task.reviewer IS DISTINCT FROM task.assignee THEN
    PERFORM baton_user_event(task.reviewer, event_type, NEW.workflow_id, NEW.node_id, task.id, payload);
  END IF;
  IF event_type = 'escalation' AND NEW.detail ->> 'target' IS NOT NULL
     AND NEW.detail ->> 'target' IS DISTINCT FROM task.assignee
     AND NEW.detail ->> 'target' IS DISTINCT FROM task.reviewer THEN
    PERFORM baton_user_event(NEW.detail ->> 'target', event_type, NEW.workflow_id, NEW.node_id, task.id, payload);
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER process_audit_user_events AFTER INSERT ON process_audit
  FOR EACH ROW EXECUTE FUNCTION baton_audit_events();

-- Expired sessions are deleted as people sign in; the index keeps that cheap.
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- The inbox lists a reviewer's submitted steps next to an assignee's open ones.
CREATE INDEX process_tasks_reviewer_review ON process_tasks (reviewer) WHERE status = 'inReview';

-- One claim per step round and stage (start, submit, review): of two concurrent completions only the request that
-- inserts the claim is sent to the workflow, so exactly one wins even before the workflow has applied the first.
CREATE TABLE step_claims (
  task_id bigint NOT NULL,
  stage text NOT NULL,
  user_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (task_id, stage)
);
