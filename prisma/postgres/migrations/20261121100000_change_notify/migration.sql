-- Live queue updates across processes: every write to an exception or a
-- handoff notifies listeners on the "baton_changes" channel. The payload is
-- only the table name, so PostgreSQL folds the notifications of one
-- transaction into one; listeners then read what changed since their cursor.
CREATE OR REPLACE FUNCTION baton_notify_change() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('baton_changes', TG_TABLE_NAME);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Exception_notify_change"
AFTER INSERT OR UPDATE ON "Exception"
FOR EACH STATEMENT EXECUTE FUNCTION baton_notify_change();

CREATE TRIGGER "Handoff_notify_change"
AFTER INSERT OR UPDATE ON "Handoff"
FOR EACH STATEMENT EXECUTE FUNCTION baton_notify_change();
