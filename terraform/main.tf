locals {
  prefix = "bqsync-${var.environment}"
  apis = [
    "cloudfunctions.googleapis.com", "run.googleapis.com", "cloudbuild.googleapis.com",
    "artifactregistry.googleapis.com", "cloudscheduler.googleapis.com", "firestore.googleapis.com",
    "secretmanager.googleapis.com", "bigquery.googleapis.com", "logging.googleapis.com", "monitoring.googleapis.com",
    "iamcredentials.googleapis.com", "storage.googleapis.com",
  ]
  # The redirect URI is the OAuth function's cloudfunctions.net address, known before the function
  # exists (its own run.app URI would make the function's environment depend on itself).
  oauth_function_name = "${local.prefix}-oauth"
  oauth_base_url      = "https://${var.region}-${var.project_id}.cloudfunctions.net/${local.oauth_function_name}"
  oauth_redirect_uri  = "${local.oauth_base_url}/callback"
  common_env = {
    GOOGLE_CLOUD_PROJECT = var.project_id
    RUN_RETENTION_DAYS   = tostring(var.run_retention_days)
  }
}

resource "google_project_service" "apis" {
  for_each           = toset(local.apis)
  service            = each.value
  disable_on_destroy = false
}

# ---- identities: one runtime account per function kind, one for Scheduler, one tenants grant ----

resource "google_service_account" "usage_pull" {
  account_id   = "${local.prefix}-usage"
  display_name = "bqsync usage pull (${var.environment})"
}

resource "google_service_account" "crm_sync" {
  account_id   = "${local.prefix}-crm"
  display_name = "bqsync CRM sync (${var.environment})"
}

resource "google_service_account" "oauth" {
  account_id   = "${local.prefix}-oauth"
  display_name = "bqsync OAuth connection (${var.environment})"
}

resource "google_service_account" "scheduler" {
  account_id   = "${local.prefix}-scheduler"
  display_name = "bqsync Cloud Scheduler invoker (${var.environment})"
}

# Tenants that prefer SERVICE_ACCOUNT_IMPERSONATION grant this account BigQuery roles on their project.
resource "google_service_account" "connector" {
  account_id   = "${local.prefix}-connector"
  display_name = "bqsync BigQuery connector for tenants (${var.environment})"
}

locals {
  runtime_accounts = {
    usage = google_service_account.usage_pull.email
    crm   = google_service_account.crm_sync.email
    oauth = google_service_account.oauth.email
  }
}

resource "google_project_iam_member" "firestore_user" {
  for_each = local.runtime_accounts
  project  = var.project_id
  role     = "roles/datastore.user"
  member   = "serviceAccount:${each.value}"
}

resource "google_project_iam_member" "log_writer" {
  for_each = local.runtime_accounts
  project  = var.project_id
  role     = "roles/logging.logWriter"
  member   = "serviceAccount:${each.value}"
}

# The sync functions impersonate the connector account for tenants that granted it access.
resource "google_service_account_iam_member" "sync_impersonates_connector" {
  for_each           = { usage = google_service_account.usage_pull.email, crm = google_service_account.crm_sync.email }
  service_account_id = google_service_account.connector.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${each.value}"
}

# ---- Firestore, with TTL on run records and OAuth states ----

resource "google_firestore_database" "default" {
  name        = "(default)"
  location_id = var.firestore_location
  type        = "FIRESTORE_NATIVE"
  depends_on  = [google_project_service.apis]
}

resource "google_firestore_field" "runs_ttl" {
  database   = google_firestore_database.default.name
  collection = "runs"
  field      = "expireAt"
  ttl_config {}
}

resource "google_firestore_field" "oauth_states_ttl" {
  database   = google_firestore_database.default.name
  collection = "oauthStates"
  field      = "expireAt"
  ttl_config {}
}

# No composite index is needed: every query bqsync makes uses one field (runs by startedAt,
# parked usage by sectionId, CRM records by id, in-queries on externalId / emailLower).

# ---- one secret per tenant; accessor for the syncs, version adder and manager for OAuth ----

resource "google_secret_manager_secret" "tenant" {
  for_each  = var.tenants
  secret_id = "bqsync-tenant-${each.key}"
  replication {
    auto {}
  }
  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_iam_member" "sync_reads" {
  for_each = {
    for pair in setproduct(keys(var.tenants), ["usage", "crm", "oauth"]) : "${pair[0]}-${pair[1]}" => pair
  }
  secret_id = google_secret_manager_secret.tenant[each.value[0]].id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${local.runtime_accounts[each.value[1]]}"
}

resource "google_secret_manager_secret_iam_member" "oauth_writes" {
  for_each  = var.tenants
  secret_id = google_secret_manager_secret.tenant[each.key].id
  role      = "roles/secretmanager.secretVersionManager" # add versions and disable the older ones
  member    = "serviceAccount:${google_service_account.oauth.email}"
}

# ---- the deployable jar, named by its hash so a redeploy happens only when it changes ----

resource "google_storage_bucket" "sources" {
  name                        = "${var.project_id}-${local.prefix}-sources"
  location                    = var.region
  uniform_bucket_level_access = true
  force_destroy               = false
}

resource "google_storage_bucket_object" "functions_zip" {
  name   = "bqsync-functions-${filesha256(var.function_zip)}.zip"
  bucket = google_storage_bucket.sources.name
  source = var.function_zip
}

# ---- the three functions ----

module "usage_pull" {
  source          = "./modules/function"
  name            = "${local.prefix}-usage-pull"
  region          = var.region
  entry_point     = "dev.bqsync.function.UsagePullFunction"
  bucket          = google_storage_bucket.sources.name
  object          = google_storage_bucket_object.functions_zip.name
  service_account = google_service_account.usage_pull.email
  memory          = "1Gi"
  # the run stops taking batches at its time budget; the timeout leaves room to finish a batch
  timeout_seconds = var.usage_time_budget_seconds + 600
  environment = merge(local.common_env, {
    USAGE_TIME_BUDGET_SECONDS = tostring(var.usage_time_budget_seconds)
    FIRESTORE_RAMP_UP         = "true"
  })
  invokers   = { scheduler = "serviceAccount:${google_service_account.scheduler.email}" }
  depends_on = [google_project_service.apis]
}

module "crm_sync" {
  source          = "./modules/function"
  name            = "${local.prefix}-crm-sync"
  region          = var.region
  entry_point     = "dev.bqsync.function.CrmSyncFunction"
  bucket          = google_storage_bucket.sources.name
  object          = google_storage_bucket_object.functions_zip.name
  service_account = google_service_account.crm_sync.email
  # a million records per side fit in a 1 GiB heap (docs/benchmarks.md); 2 GiB leaves room
  memory          = "2Gi"
  timeout_seconds = 3540
  environment = merge(local.common_env, {
    # the budget ends inside Scheduler's 30-minute attempt deadline; fenced writes and a renewal
    # before the MERGE keep a run that outlives its lease from writing (docs/failures.md)
    CRM_TIME_BUDGET_SECONDS = "1500"
    CRM_LEASE_SECONDS       = "3300"
  })
  invokers   = { scheduler = "serviceAccount:${google_service_account.scheduler.email}" }
  depends_on = [google_project_service.apis]
}

module "oauth" {
  source          = "./modules/function"
  name            = local.oauth_function_name
  region          = var.region
  entry_point     = "dev.bqsync.function.OAuthFunction"
  bucket          = google_storage_bucket.sources.name
  object          = google_storage_bucket_object.functions_zip.name
  service_account = google_service_account.oauth.email
  memory          = "512Mi"
  timeout_seconds = 60
  environment = merge(local.common_env, {
    OAUTH_REDIRECT_URI = local.oauth_redirect_uri
  })
  # the OAuth callback is the one public endpoint: tenants' browsers call it
  invokers   = { public = "allUsers" }
  depends_on = [google_project_service.apis]
}

# ---- every tenant's two Scheduler jobs ----

module "tenant_schedules" {
  source                = "./modules/tenant_schedules"
  for_each              = var.tenants
  tenant_id             = each.key
  prefix                = local.prefix
  region                = var.region
  usage_schedule        = each.value.usage_schedule
  crm_schedule          = each.value.crm_schedule
  time_zone             = each.value.time_zone
  paused                = each.value.paused
  usage_pull_uri        = module.usage_pull.uri
  crm_sync_uri          = module.crm_sync.uri
  scheduler_account     = google_service_account.scheduler.email
  usage_attempt_seconds = 1800
  depends_on            = [google_project_service.apis]
}
