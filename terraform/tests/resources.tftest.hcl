# What the functions are given and what expires: TTL fields, every function's environment, the
# tenants' secrets and where they live, and alerts that mean what docs/deploy.md says.

variables {
  project_id   = "crm-test-1"
  environment  = "test"
  function_zip = "tests/fixtures/functions.zip.txt"
  state_bucket = "crm-terraform-state"
  ci = {
    repository    = "projects/crm-test-1/locations/europe-west3/connections/github/repositories/bqsync"
    builder_image = "europe-docker.pkg.dev/crm-test-1/bqsync/builder@sha256:1111111111111111111111111111111111111111111111111111111111111111"
  }
  tenants = {
    acme    = { usage_schedule = "EVERY_10_MIN", time_zone = "Europe/Berlin" }
    globex  = { usage_schedule = "DAILY@06:30", crm_schedule = "15 * * * *", time_zone = "America/New_York" }
    initech = { usage_schedule = "EVERY_5_MIN", paused = true }
  }
}

run "run_records_and_oauth_states_expire" {
  command = plan

  assert {
    condition = (toset([for f in google_firestore_field.ttl : "${f.database}/${f.collection}.${f.field}"]) == toset(["(default)/runs.expireAt", "(default)/oauthStates.expireAt", "(default)/connectTickets.expireAt"])
    && alltrue([for f in google_firestore_field.ttl : length(f.ttl_config) == 1]))
    error_message = "TTL on expireAt of the runs, oauthStates and connectTickets collection groups, in the (default) database"
  }
  assert {
    condition     = length(google_firestore_database.default) == 0
    error_message = "the CRM's existing (default) database is not created by default"
  }
}

run "every_function_gets_exactly_its_environment" {
  command = plan

  assert {
    condition = module.usage_pull.function.environment == tomap({
      GOOGLE_CLOUD_PROJECT      = "crm-test-1"
      RUN_RETENTION_DAYS        = "30"
      USAGE_TIME_BUDGET_SECONDS = "1200"
      FIRESTORE_RAMP_UP         = "true"
    })
    error_message = "usage pull environment: ${jsonencode(module.usage_pull.function.environment)}"
  }
  assert {
    condition = module.crm_sync.function.environment == tomap({
      GOOGLE_CLOUD_PROJECT    = "crm-test-1"
      RUN_RETENTION_DAYS      = "30"
      CRM_TIME_BUDGET_SECONDS = "1500"
      CRM_LEASE_SECONDS       = "3300"
    })
    error_message = "CRM sync environment: ${jsonencode(module.crm_sync.function.environment)}"
  }
  assert {
    condition = module.oauth.function.environment == tomap({
      GOOGLE_CLOUD_PROJECT = "crm-test-1"
      RUN_RETENTION_DAYS   = "30"
      OAUTH_REDIRECT_URI   = "https://europe-west3-crm-test-1.cloudfunctions.net/bqsync-test-oauth/callback"
    })
    error_message = "OAuth environment: ${jsonencode(module.oauth.function.environment)}"
  }
  assert {
    condition = module.management.function.environment == tomap({
      GOOGLE_CLOUD_PROJECT      = "crm-test-1"
      RUN_RETENTION_DAYS        = "30"
      OAUTH_REDIRECT_URI        = "https://europe-west3-crm-test-1.cloudfunctions.net/bqsync-test-oauth/callback"
      MANAGEMENT_CALLERS        = "{}"
      USAGE_TIME_BUDGET_SECONDS = "1200"
      FIRESTORE_RAMP_UP         = "true"
      CRM_TIME_BUDGET_SECONDS   = "1500"
      CRM_LEASE_SECONDS         = "3300"
      SUGGESTION_MAX_BYTES      = "1073741824"
    })
    error_message = "management environment: ${jsonencode(module.management.function.environment)}"
  }
  assert {
    condition     = output.oauth_redirect_uri == module.oauth.function.environment.OAUTH_REDIRECT_URI
    error_message = "the redirect URI tenants paste is the one the function sends to Google"
  }
  assert {
    condition     = module.usage_pull.function.timeout_seconds == 1800 && module.crm_sync.function.timeout_seconds == 3540
    error_message = "usage pull: time budget + 10 min; CRM sync: 59 min"
  }
}

run "a_longer_budget_reaches_the_function" {
  command = plan
  variables {
    usage_time_budget_seconds = 900
    run_retention_days        = 7
  }

  assert {
    condition     = module.usage_pull.function.environment.USAGE_TIME_BUDGET_SECONDS == "900" && module.usage_pull.function.timeout_seconds == 1500
    error_message = "usage_time_budget_seconds sets the budget and the timeout"
  }
  assert {
    condition     = alltrue([for f in [module.usage_pull.function, module.crm_sync.function, module.oauth.function, module.management.function] : f.environment.RUN_RETENTION_DAYS == "7"])
    error_message = "run_retention_days reaches every function"
  }
}

run "two_secrets_per_tenant_where_firestore_is" {
  command = plan

  assert {
    condition     = toset([for s in google_secret_manager_secret.tenant : s.secret_id]) == toset(flatten([for t in ["acme", "globex", "initech"] : ["bqsync-${t}-oauth-client", "bqsync-${t}-refresh-token"]]))
    error_message = "secret names derive from the tenant id"
  }
  assert {
    condition = alltrue([for s in google_secret_manager_secret.tenant :
    toset([for r in s.replication[0].user_managed[0].replicas : r.location]) == toset(["europe-west1", "europe-west4"])])
    error_message = "eur3 (the default Firestore location) keeps the secrets in europe-west1 and europe-west4"
  }
}

run "a_regional_firestore_keeps_secrets_in_its_region" {
  command = plan
  variables {
    firestore_location = "europe-west3"
  }

  assert {
    condition     = alltrue([for s in google_secret_manager_secret.tenant : [for r in s.replication[0].user_managed[0].replicas : r.location] == ["europe-west3"]])
    error_message = "a regional database's secrets are replicated in its region only"
  }
}

run "alerts_count_log_lines_per_tenant" {
  command = plan

  assert {
    condition = alltrue([for m in google_logging_metric.counters :
    m.metric_descriptor[0].value_type == "INT64" && m.metric_descriptor[0].metric_kind == "DELTA" && m.value_extractor == null])
    error_message = "every metric is a counter of log entries"
  }
  assert {
    condition = alltrue([for k, p in google_monitoring_alert_policy.alerts :
      p.conditions[0].condition_threshold[0].aggregations[0].per_series_aligner == "ALIGN_SUM"
      && p.conditions[0].condition_threshold[0].threshold_value == 0
    && p.conditions[0].condition_threshold[0].comparison == "COMPARISON_GT"])
    error_message = "an alert fires when the period's sum of matching lines is above 0"
  }
  assert {
    condition     = toset(keys(google_monitoring_alert_policy.alerts)) == toset(["failed_runs", "rejected_rows", "reauthorization_required"])
    error_message = "the three alerts docs/deploy.md lists"
  }
  assert {
    condition     = alltrue([for m in google_logging_metric.counters : contains(keys(m.label_extractors), "tenant")])
    error_message = "every metric is split by tenant"
  }
  assert {
    condition     = alltrue([for m in google_logging_metric.counters : strcontains(m.filter, "jsonPayload.event=") && !strcontains(m.filter, "jsonPayload.message")])
    error_message = "alerts match the event field only the code sets, never message text a caller could forge"
  }
}
