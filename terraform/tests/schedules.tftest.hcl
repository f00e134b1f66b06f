# Per-tenant Scheduler jobs, planned with the stand-in provider (docs/deploy.md, "Checked before
# it reaches Cloud"). The functions' URIs are computed by Google; they are given here so the jobs'
# target and OIDC audience can be compared with them.

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

override_resource {
  target          = module.usage_pull.google_cloudfunctions2_function.this
  override_during = plan
  values = {
    service_config = { uri = "https://bqsync-test-usage-pull-abc123-ey.a.run.app" }
  }
}

override_resource {
  target          = module.crm_sync.google_cloudfunctions2_function.this
  override_during = plan
  values = {
    service_config = { uri = "https://bqsync-test-crm-sync-abc123-ey.a.run.app" }
  }
}

run "every_tenant_has_its_two_jobs" {
  command = plan

  assert {
    condition     = toset(keys(module.tenant_schedules)) == toset(["acme", "globex", "initech"])
    error_message = "one tenant_schedules instance per tenant"
  }
  assert {
    condition     = alltrue([for t, m in module.tenant_schedules : toset(keys(m.jobs)) == toset(["usage", "crm"])])
    error_message = "each tenant has a usage and a crm job"
  }
  assert {
    condition     = module.tenant_schedules["acme"].jobs.usage.name == "bqsync-test-usage-acme" && module.tenant_schedules["acme"].jobs.crm.name == "bqsync-test-crm-acme"
    error_message = "job names derive from the environment, the job and the tenant id"
  }
}

run "cron_and_time_zone_follow_the_tenant" {
  command = plan

  assert {
    condition     = module.tenant_schedules["acme"].jobs.usage.schedule == "*/10 * * * *"
    error_message = "EVERY_10_MIN is */10 * * * *, got ${module.tenant_schedules["acme"].jobs.usage.schedule}"
  }
  assert {
    condition     = module.tenant_schedules["acme"].jobs.crm.schedule == "0 * * * *"
    error_message = "the CRM sync is hourly by default"
  }
  assert {
    condition     = module.tenant_schedules["globex"].jobs.usage.schedule == "30 6 * * *"
    error_message = "DAILY@06:30 is 30 6 * * *, got ${module.tenant_schedules["globex"].jobs.usage.schedule}"
  }
  assert {
    condition     = module.tenant_schedules["globex"].jobs.crm.schedule == "15 * * * *"
    error_message = "a crm_schedule cron is used as given"
  }
  assert {
    condition     = module.tenant_schedules["initech"].jobs.usage.schedule == "*/5 * * * *"
    error_message = "EVERY_5_MIN is */5 * * * *"
  }
  assert {
    condition = (module.tenant_schedules["acme"].jobs.usage.time_zone == "Europe/Berlin"
      && module.tenant_schedules["acme"].jobs.crm.time_zone == "Europe/Berlin"
      && module.tenant_schedules["globex"].jobs.usage.time_zone == "America/New_York"
    && module.tenant_schedules["initech"].jobs.crm.time_zone == "UTC")
    error_message = "both jobs run in the tenant's time zone, UTC by default"
  }
}

run "deadline_target_audience_and_body" {
  command = plan

  assert {
    condition     = alltrue(flatten([for t, m in module.tenant_schedules : [for j in m.jobs : j.attempt_deadline == "1800s"]]))
    error_message = "every job's attempt deadline is Scheduler's HTTP maximum, 1800s"
  }
  assert {
    condition = alltrue([for t, m in module.tenant_schedules :
      m.jobs.usage.uri == "https://bqsync-test-usage-pull-abc123-ey.a.run.app" &&
    m.jobs.crm.uri == "https://bqsync-test-crm-sync-abc123-ey.a.run.app"])
    error_message = "usage jobs call the usage pull function, crm jobs the CRM sync"
  }
  assert {
    condition     = alltrue(flatten([for t, m in module.tenant_schedules : [for j in m.jobs : j.audience == j.uri]]))
    error_message = "the OIDC audience is the function's URI, which Cloud Run checks"
  }
  assert {
    condition     = alltrue(flatten([for t, m in module.tenant_schedules : [for j in m.jobs : j.invoker == "bqsync-test-scheduler@crm-test-1.iam.gserviceaccount.com"]]))
    error_message = "the OIDC token is the Scheduler account's"
  }
  assert {
    condition     = alltrue(flatten([for t, m in module.tenant_schedules : [for j in m.jobs : j.body == { tenantId = t }]]))
    error_message = "each job's body names its own tenant, and only it"
  }
}

run "a_paused_tenant_is_paused" {
  command = plan

  assert {
    condition     = module.tenant_schedules["initech"].jobs.usage.paused && module.tenant_schedules["initech"].jobs.crm.paused
    error_message = "paused = true pauses both of the tenant's jobs"
  }
  assert {
    condition     = !module.tenant_schedules["acme"].jobs.usage.paused && !module.tenant_schedules["globex"].jobs.crm.paused
    error_message = "the other tenants are not paused"
  }
}

run "a_schedule_the_code_does_not_have_is_refused" {
  command = plan
  variables {
    tenants = { acme = { usage_schedule = "EVERY_15_MIN" } }
  }
  expect_failures = [var.tenants]
}

run "a_tenant_id_that_cannot_name_a_secret_is_refused" {
  command = plan
  variables {
    tenants = { "Acme_Corp" = { usage_schedule = "EVERY_5_MIN" } }
  }
  expect_failures = [var.tenants]
}
