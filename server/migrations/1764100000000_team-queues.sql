-- Up Migration
-- A step sent to a team waits in the team's queue (assignee `team:<id>`) until a member claims it; the row keeps its
-- team after the claim so every member sees who has it.
ALTER TABLE process_tasks ADD COLUMN team_id text;
CREATE INDEX process_tasks_team_queue ON process_tasks (team_id, status) WHERE team_id IS NOT NULL;


-- Every member of the team hears live when a team step arrives, is claimed, released, assigned or moves on, so the
-- "Team queue" section shows who has it without a reload. The assignee before and after already hear of it through
-- process_tasks_user_events.
CREATE FUNCTION baton_team_task_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  member record;
  payload jsonb;
BEGIN
  IF NEW.team_id IS NULL THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status
     AND NEW.assignee IS NOT DISTINCT FROM OLD.assignee THEN
    RETURN NEW;
  END IF;
  payload := jsonb_build_object('taskId', NEW.id::text, 'title', NEW.title, 'status', NEW.status,
    'round', NEW.round, 'teamId', NEW.team_id, 'assignee', NEW.assignee);
  FOR member IN
    SELECT u.id::text AS id FROM users u
     WHERE u.team_id::text = NEW.team_id AND NOT u.disabled AND u.role <> 'observer'
       AND u.id::text IS DISTINCT FROM NEW.assignee
       AND (TG_OP = 'INSERT' OR u.id::text IS DISTINCT FROM OLD.assignee)
  LOOP
    PERFORM baton_user_event(member.id, 'step.changed', NEW.workflow_id, NEW.node_id, NEW.id, payload);
  END LOOP;
  RETURN NEW;
END $$;

CREATE TRIGGER process_tasks_team_events AFTER INSERT OR UPDATE ON process_tasks
  FOR EACH ROW EXECUTE FUNCTION baton_team_task_events();
