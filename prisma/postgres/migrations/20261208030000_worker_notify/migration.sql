-- Two channels the workers listen on (lib/server/job-wake.ts).

-- Workers wake on committed jobs (lib/server/job-wake.ts): every statement
-- that inserts due jobs notifies the "baton_jobs" channel once per job kind
-- (the payload), in the inserting transaction, so listeners hear of the jobs
-- exactly when they commit. Jobs due later (SLA timers, retries) notify
-- nothing: the workers' poll finds them.
CREATE OR REPLACE FUNCTION baton_notify_jobs() RETURNS trigger AS $$
DECLARE
  k text;
BEGIN
  FOR k IN
    SELECT DISTINCT "kind" FROM new_jobs
     WHERE "status" = 'QUEUED'
       AND "runAt" <= (now() AT TIME ZONE 'UTC') + interval '1 second'
  LOOP
    PERFORM pg_notify('baton_jobs', k);
  END LOOP;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Job_notify_jobs"
AFTER INSERT ON "Job"
REFERENCING NEW TABLE AS new_jobs
FOR EACH STATEMENT EXECUTE FUNCTION baton_notify_jobs();

-- Workers cache which classifier version is active per workflow
-- (lib/learning/store/active-models.ts) while they hear this channel: every
-- write to ClassifierModel (training, activation, rollback, deletion)
-- notifies it, in the writing transaction.
CREATE OR REPLACE FUNCTION baton_notify_models() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('baton_models', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "ClassifierModel_notify_models"
AFTER INSERT OR UPDATE OR DELETE ON "ClassifierModel"
FOR EACH STATEMENT EXECUTE FUNCTION baton_notify_models();
