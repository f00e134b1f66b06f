# Who may call what, and what each identity may do: the tenant boundary starts here. Planned with
# the stand-in provider; every email is built from the account ids, so it is known at plan.

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
  management_invokers = { crm_backend = "serviceAccount:crm-backend@crm-test-1.iam.gserviceaccount.com" }
}

run "only_the_oauth_function_is_public" {
  command = plan

  assert {
    condition     = module.oauth.invokers == { public = { role = "roles/run.invoker", member = "allUsers" } }
    error_message = "the OAuth callback is the one public endpoint"
  }
  assert {
    condition = (module.usage_pull.invokers == { scheduler = { role = "roles/run.invoker", member = "serviceAccount:bqsync-test-scheduler@crm-test-1.iam.gserviceaccount.com" } }
    && module.crm_sync.invokers == { scheduler = { role = "roles/run.invoker", member = "serviceAccount:bqsync-test-scheduler@crm-test-1.iam.gserviceaccount.com" } })
    error_message = "the sync functions are called by the Scheduler account alone"
  }
  assert {
    condition     = module.management.invokers == { crm_backend = { role = "roles/run.invoker", member = "serviceAccount:crm-backend@crm-test-1.iam.gserviceaccount.com" } }
    error_message = "the management API is called by the identities management_invokers lists, and nobody else"
  }
  assert {
    condition = length([for m in concat(
      [for r in google_project_iam_member.firestore_user : r.member], [for r in google_project_iam_member.log_writer : r.member],
      [for r in google_project_iam_member.build : r.member], [for r in google_project_iam_member.ci_plan : r.member],
      [for r in google_project_iam_member.ci_deploy : r.member], [for r in google_secret_manager_secret_iam_member.sync_reads : r.member],
      [for r in google_secret_manager_secret_iam_member.oauth_writes : r.member], [for r in google_secret_manager_secret_iam_member.sync_retires : r.member], [for r in google_service_account_iam_member.sync_impersonates_tenant : r.member],
      [for r in google_service_account_iam_member.deployer_acts_as : r.member],
      [google_storage_bucket_iam_member.build_reads_sources.member, google_storage_bucket_iam_member.ci_plan_reads_sources.member],
    ) : m if !startswith(m, "serviceAccount:bqsync-test-")]) == 0
    error_message = "every other grant is to one of bqsync's own accounts: no allUsers, allAuthenticatedUsers, users or groups"
  }
  assert {
    condition     = google_storage_bucket.sources.public_access_prevention == "enforced" && google_storage_bucket.sources.uniform_bucket_level_access
    error_message = "the source bucket has uniform access and enforced public access prevention"
  }
}

run "domain_restricted_sharing_leaves_no_public_binding" {
  command = plan
  variables {
    oauth_public = false
  }

  assert {
    condition     = module.oauth.invokers == {}
    error_message = "oauth_public = false binds no allUsers invoker (docs/deploy.md serves the callback otherwise)"
  }
}

run "each_function_runs_and_builds_as_its_own_account" {
  command = plan

  assert {
    condition = (module.usage_pull.function.service_account == "bqsync-test-usage@crm-test-1.iam.gserviceaccount.com"
      && module.crm_sync.function.service_account == "bqsync-test-crm@crm-test-1.iam.gserviceaccount.com"
    && module.oauth.function.service_account == "bqsync-test-oauth@crm-test-1.iam.gserviceaccount.com")
    error_message = "one runtime account per function kind"
  }
  assert {
    condition = alltrue([for f in [module.usage_pull.function, module.crm_sync.function, module.oauth.function, module.management.function] :
    f.build_service_account == "projects/crm-test-1/serviceAccounts/bqsync-test-build@crm-test-1.iam.gserviceaccount.com"])
    error_message = "functions are built by the dedicated build account, not the default compute account"
  }
  assert {
    condition     = toset(keys(google_service_account.all)) == toset(["usage", "crm", "oauth", "mgmt", "scheduler", "build", "ci_plan", "ci_deploy"])
    error_message = "the identities bqsync deploys"
  }
}

run "runtime_accounts_have_only_what_they_use" {
  command = plan

  assert {
    condition = (toset([for r in google_project_iam_member.firestore_user : "${r.member} ${r.role}"]) == toset([
      for k in ["usage", "crm", "oauth", "mgmt"] : "serviceAccount:bqsync-test-${k}@crm-test-1.iam.gserviceaccount.com roles/datastore.user"])
      && toset([for r in google_project_iam_member.log_writer : "${r.member} ${r.role}"]) == toset([
    for k in ["usage", "crm", "oauth", "mgmt"] : "serviceAccount:bqsync-test-${k}@crm-test-1.iam.gserviceaccount.com roles/logging.logWriter"]))
    error_message = "project roles of the runtime accounts: Firestore user and log writer, nothing else"
  }
  assert {
    condition     = toset([for r in google_secret_manager_secret_iam_member.sync_reads : r.role]) == toset(["roles/secretmanager.secretAccessor"]) && length(google_secret_manager_secret_iam_member.sync_reads) == 21
    error_message = "per tenant: the syncs and the management API read both secrets, the OAuth account the client secret only (3 tenants x 7)"
  }
  assert {
    condition     = !contains(keys(google_secret_manager_secret_iam_member.sync_reads), "acme-refresh-token-oauth")
    error_message = "the public OAuth function never reads a refresh token"
  }
  assert {
    condition     = toset(keys(google_secret_manager_secret_iam_member.sync_retires)) == toset([for p in setproduct(["acme", "globex", "initech"], ["usage", "crm", "mgmt"]) : "${p[0]}-${p[1]}"]) && alltrue([for r in google_secret_manager_secret_iam_member.sync_retires : r.role == "roles/secretmanager.secretVersionManager"])
    error_message = "the syncs (replaced versions) and the management API (disconnect), and only they, disable refresh-token versions"
  }
  assert {
    condition = toset(keys(google_secret_manager_secret_iam_member.oauth_writes)) == toset(["acme", "globex", "initech"]) && alltrue([for r in google_secret_manager_secret_iam_member.oauth_writes :
    r.member == "serviceAccount:bqsync-test-oauth@crm-test-1.iam.gserviceaccount.com" && r.role == "roles/secretmanager.secretVersionAdder"])
    error_message = "only the OAuth account adds versions, of refresh-token secrets, without reading them"
  }
  assert {
    condition     = toset(keys(google_service_account_iam_member.sync_impersonates_tenant)) == toset([for p in setproduct(["acme", "globex", "initech"], ["usage", "crm", "mgmt"]) : "${p[0]}-${p[1]}"]) && alltrue([for r in google_service_account_iam_member.sync_impersonates_tenant : r.role == "roles/iam.serviceAccountTokenCreator"])
    error_message = "only the sync accounts and the management API (catalog, sync now) may impersonate the tenants' own accounts"
  }
  assert {
    condition     = google_service_account.tenant["acme"].account_id == "tenant-acme" && google_service_account_iam_member.sync_impersonates_tenant["acme-usage"].service_account_id == "projects/crm-test-1/serviceAccounts/tenant-acme@crm-test-1.iam.gserviceaccount.com"
    error_message = "a tenant's account is named from its id as the code names it (TenantIdentities)"
  }
  assert {
    condition     = module.usage_pull.function.ingress == "ALLOW_INTERNAL_ONLY" && module.crm_sync.function.ingress == "ALLOW_INTERNAL_ONLY" && module.oauth.function.ingress == "ALLOW_ALL" && module.management.function.ingress == "ALLOW_ALL"
    error_message = "the sync functions take internal traffic only (Scheduler); only the OAuth callback is reachable from outside"
  }
}

run "the_branch_identity_cannot_change_anything" {
  command = plan

  assert {
    condition     = alltrue([for r in google_project_iam_member.ci_plan : !can(regex("(?i)(admin|editor|owner|writer|user$|creator|developer|invoker|accessor)", r.role)) || r.role == "roles/logging.logWriter"])
    error_message = "the plan identity has viewer-style roles only (and writes its own build logs)"
  }
  assert {
    condition     = alltrue([for p in google_project_iam_custom_role.plan_reader.permissions : can(regex("\\.(get|list|getMetadata)$", p))])
    error_message = "the plan reader custom role only gets and lists"
  }
  assert {
    condition     = !contains([for r in google_service_account_iam_member.deployer_acts_as : r.member], "serviceAccount:bqsync-test-ci-plan@crm-test-1.iam.gserviceaccount.com")
    error_message = "the plan identity cannot act as any account"
  }
  assert {
    condition     = !contains([for r in google_project_iam_member.ci_deploy : r.role], "roles/secretmanager.admin") && !contains(google_project_iam_custom_role.secrets.permissions, "secretmanager.versions.access")
    error_message = "the deployer manages secrets without reading the tenants' tokens"
  }
}

run "triggers_run_as_their_own_identities" {
  command = plan

  assert {
    condition = (google_cloudbuild_trigger.plan.service_account == "projects/crm-test-1/serviceAccounts/bqsync-test-ci-plan@crm-test-1.iam.gserviceaccount.com"
      && google_cloudbuild_trigger.plan.repository_event_config[0].push[0].branch == "^main$"
      && google_cloudbuild_trigger.plan.repository_event_config[0].push[0].invert_regex
    && google_cloudbuild_trigger.plan.substitutions._APPLY == "false")
    error_message = "every branch but main builds as the read-only identity and does not apply"
  }
  assert {
    condition = (google_cloudbuild_trigger.deploy.service_account == "projects/crm-test-1/serviceAccounts/bqsync-test-ci-deploy@crm-test-1.iam.gserviceaccount.com"
      && google_cloudbuild_trigger.deploy.repository_event_config[0].push[0].branch == "^main$"
      && !coalesce(google_cloudbuild_trigger.deploy.repository_event_config[0].push[0].invert_regex, false)
    && google_cloudbuild_trigger.deploy.substitutions._APPLY == "true")
    error_message = "main, and only main, builds as the deployer and applies"
  }
  assert {
    condition = alltrue([for t in [google_cloudbuild_trigger.plan, google_cloudbuild_trigger.deploy] :
      t.location == "europe-west3" && t.substitutions._ENV == "test" && t.substitutions._STATE_BUCKET == "crm-terraform-state"
    && endswith(t.service_account, t.substitutions._BUILD_ACCOUNT) && strcontains(t.substitutions._BUILDER, "@sha256:")])
    error_message = "the triggers give cloudbuild.yaml everything it needs, in the connection's region"
  }
}

run "a_builder_image_by_tag_is_refused" {
  command = plan
  variables {
    ci = {
      repository    = "projects/crm-test-1/locations/europe-west3/connections/github/repositories/bqsync"
      builder_image = "europe-docker.pkg.dev/crm-test-1/bqsync/builder:latest"
    }
  }
  expect_failures = [var.ci]
}

run "a_placeholder_state_bucket_is_refused" {
  command = plan
  variables {
    state_bucket = "change-me-terraform-state"
  }
  expect_failures = [var.state_bucket]
}
