locals {
  prefix = "bqsync-${var.environment}"
  apis = [
    "cloudfunctions.googleapis.com", "run.googleapis.com", "cloudbuild.googleapis.com",
    "artifactregistry.googleapis.com", "cloudscheduler.googleapis.com", "firestore.googleapis.com",
    "secretmanager.googleapis.com", "bigquery.googleapis.com", "logging.googleapis.com", "monitoring.googleapis.com",
    "iamcredentials.googleapis.com", "storage.googleapis.com",
    # service accounts and custom roles; project IAM bindings
    "iam.googleapis.com", "cloudresourcemanager.googleapis.com",
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

  # Every identity bqsync deploys. Emails are built from the account ids, so they are known at plan:
  # for_each keys and tests can use them; bindings wait for the accounts with depends_on.
  accounts = {
    usage     = { id = "${local.prefix}-usage", title = "bqsync usage pull" }
    crm       = { id = "${local.prefix}-crm", title = "bqsync CRM sync" }
    oauth     = { id = "${local.prefix}-oauth", title = "bqsync OAuth connection" }
    scheduler = { id = "${local.prefix}-scheduler", title = "bqsync Cloud Scheduler invoker" }
    mgmt      = { id = "${local.prefix}-mgmt", title = "bqsync management API" }
    build     = { id = "${local.prefix}-build", title = "bqsync Cloud Functions build" }
    ci_plan   = { id = "${local.prefix}-ci-plan", title = "bqsync Cloud Build: test and plan (read-only)" }
    ci_deploy = { id = "${local.prefix}-ci-deploy", title = "bqsync Cloud Build: apply on main" }
  }
  email = { for k, a in local.accounts : k => "${a.id}@${var.project_id}.iam.gserviceaccount.com" }

  # projects/P/serviceAccounts/EMAIL, as Cloud Functions' build and Cloud Build's triggers take it
  account_name = { for k, e in local.email : k => "projects/${var.project_id}/serviceAccounts/${e}" }

  runtime_accounts = { for k in ["usage", "crm", "oauth", "mgmt"] : k => local.email[k] }

  # Each tenant's own service account, named from its id exactly as the code names it
  # (TenantIdentities.serviceAccountId): tenants that prefer SERVICE_ACCOUNT_IMPERSONATION grant
  # BigQuery roles to their account only, so no tenant can use another's grants.
  tenant_account_id = {
    for t in keys(var.tenants) : t => length(t) <= 23 ? "tenant-${t}" : "tenant-${substr(t, 0, 14)}-${substr(sha256(t), 0, 8)}"
  }

  # Two secrets per tenant, named from its id as the code names them (TenantIdentities): the OAuth
  # client secret (the operator writes it) and the refresh token (the OAuth callback adds versions).
  tenant_secrets = merge(
    { for t in keys(var.tenants) : "${t}-oauth-client" => { tenant = t, kind = "oauth-client" } },
    { for t in keys(var.tenants) : "${t}-refresh-token" => { tenant = t, kind = "refresh-token" } },
  )
  # Who reads which secret: the syncs read both (they build the tenant's credentials); the OAuth
  # function reads the client secret only and may add refresh-token versions, never read them.
  # The management API checks a client secret is stored before it mints a connect link, and browses
  # the tenant's catalog and runs "sync now" with the tenant's own credentials (docs/management-api.md).
  secret_readers = { "oauth-client" = ["usage", "crm", "oauth", "mgmt"], "refresh-token" = ["usage", "crm", "mgmt"] }
  secret_reads = merge([
    for key, secret in local.tenant_secrets : { for who in local.secret_readers[secret.kind] : "${key}-${who}" => { secret = key, who = who } }
  ]...)

  # Secret Manager replicas where the Firestore data is: a multi-region's read-write regions, or the region itself.
  firestore_regions = {
    eur3 = ["europe-west1", "europe-west4"]
    nam5 = ["us-central1", "us-east1"]
    nam7 = ["us-central1", "us-east4"]
  }
  secret_locations = lookup(local.firestore_regions, var.firestore_location, [var.firestore_location])
}

resource "google_project_service" "apis" {
  for_each           = toset(local.apis)
  service            = each.value
  disable_on_destroy = false
}

# ---- identities: one runtime account per function kind, Scheduler, the tenants' connector, builds ----

resource "google_service_account" "all" {
  for_each     = local.accounts
  account_id   = each.value.id
  display_name = "${each.value.title} (${var.environment})"
  depends_on   = [google_project_service.apis]
}

resource "google_project_iam_member" "firestore_user" {
  for_each   = local.runtime_accounts
  project    = var.project_id
  role       = "roles/datastore.user"
  member     = "serviceAccount:${each.value}"
  depends_on = [google_service_account.all]
}

resource "google_project_iam_member" "log_writer" {
  for_each   = local.runtime_accounts
  project    = var.project_id
  role       = "roles/logging.logWriter"
  member     = "serviceAccount:${each.value}"
  depends_on = [google_service_account.all]
}

resource "google_service_account" "tenant" {
  for_each     = local.tenant_account_id
  account_id   = each.value
  display_name = "bqsync tenant ${each.key} (${var.environment})"
  depends_on   = [google_project_service.apis]
}

# The sync functions impersonate each tenant's own account, and no other account.
resource "google_service_account_iam_member" "sync_impersonates_tenant" {
  for_each = {
    for pair in setproduct(keys(local.tenant_account_id), ["usage", "crm", "mgmt"]) : "${pair[0]}-${pair[1]}" => pair
  }
  service_account_id = "projects/${var.project_id}/serviceAccounts/${local.tenant_account_id[each.value[0]]}@${var.project_id}.iam.gserviceaccount.com"
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${local.email[each.value[1]]}"
  depends_on         = [google_service_account.tenant, google_service_account.all]
}

# ---- Firestore: the (default) database usually exists already (the CRM's own); TTL on run records and OAuth states ----

resource "google_firestore_database" "default" {
  count       = var.create_firestore_database ? 1 : 0
  name        = "(default)"
  location_id = var.firestore_location
  type        = "FIRESTORE_NATIVE"
  # destroying bqsync never deletes the CRM's data
  deletion_policy = "ABANDON"
  depends_on      = [google_project_service.apis]
}

locals {
  ttl_fields = { runs = "runs", oauth_states = "oauthStates", connect_tickets = "connectTickets" }
}

resource "google_firestore_field" "ttl" {
  for_each   = local.ttl_fields
  database   = "(default)"
  collection = each.value
  field      = "expireAt"
  ttl_config {}
  # a TTL timestamp is never queried; indexing it only costs writes and hotspots
  index_config {}
  depends_on = [google_firestore_database.default, google_project_service.apis]
}

# The management API lists run records filtered by job, section and status, newest first: one
# composite index per filter field with the order, which Firestore merges for any combination of
# them. Every other query bqsync makes uses one field (parked usage by sectionId, CRM records by id,
# in-queries on externalId / emailLower).
resource "google_firestore_index" "runs_by" {
  for_each    = toset(["job", "sectionId", "status"])
  database    = "(default)"
  collection  = "runs"
  query_scope = "COLLECTION"
  fields {
    field_path = each.value
    order      = "ASCENDING"
  }
  fields {
    field_path = "startedAt"
    order      = "DESCENDING"
  }
  fields {
    field_path = "__name__"
    order      = "DESCENDING"
  }
  depends_on = [google_firestore_database.default, google_project_service.apis]
}

# ---- two secrets per tenant: the client secret and the refresh token, each readable only by who needs it ----

resource "google_secret_manager_secret" "tenant" {
  for_each  = local.tenant_secrets
  secret_id = "bqsync-${each.key}"
  replication {
    user_managed {
      dynamic "replicas" {
        for_each = local.secret_locations
        content {
          location = replicas.value
        }
      }
    }
  }
  depends_on = [google_project_service.apis]
}

resource "google_secret_manager_secret_iam_member" "sync_reads" {
  for_each   = local.secret_reads
  secret_id  = google_secret_manager_secret.tenant[each.value.secret].id
  role       = "roles/secretmanager.secretAccessor"
  member     = "serviceAccount:${local.runtime_accounts[each.value.who]}"
  depends_on = [google_service_account.all]
}

# A reconnect's first working sync disables the replaced refresh-token versions (and revokes their
# tokens at Google): the OAuth function cannot, since it may not read them (docs/oauth.md). The
# management API's disconnect disables them all.
resource "google_secret_manager_secret_iam_member" "sync_retires" {
  for_each = {
    for pair in setproduct(keys(var.tenants), ["usage", "crm", "mgmt"]) : "${pair[0]}-${pair[1]}" => pair
  }
  secret_id  = google_secret_manager_secret.tenant["${each.value[0]}-refresh-token"].id
  role       = "roles/secretmanager.secretVersionManager"
  member     = "serviceAccount:${local.runtime_accounts[each.value[1]]}"
  depends_on = [google_service_account.all]
}

# The public OAuth function adds refresh-token versions and cannot read them back.
resource "google_secret_manager_secret_iam_member" "oauth_writes" {
  for_each   = toset(keys(var.tenants))
  secret_id  = google_secret_manager_secret.tenant["${each.key}-refresh-token"].id
  role       = "roles/secretmanager.secretVersionAdder"
  member     = "serviceAccount:${local.email.oauth}"
  depends_on = [google_service_account.all]
}

# ---- the deployable jar, named by its hash so a redeploy happens only when it changes ----

resource "google_storage_bucket" "sources" {
  name                        = "${var.project_id}-${local.prefix}-sources"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false
  depends_on                  = [google_project_service.apis]
}

resource "google_storage_bucket_object" "functions_zip" {
  name   = "bqsync-functions-${filesha256(var.function_zip)}.zip"
  bucket = google_storage_bucket.sources.name
  source = var.function_zip
}

# ---- the three functions ----

module "usage_pull" {
  source                = "./modules/function"
  name                  = "${local.prefix}-usage-pull"
  region                = var.region
  entry_point           = "dev.bqsync.function.UsagePullFunction"
  bucket                = google_storage_bucket.sources.name
  object                = google_storage_bucket_object.functions_zip.name
  service_account       = local.email.usage
  build_service_account = local.account_name.build
  memory                = "1Gi"
  # the run stops taking batches at its time budget; the timeout leaves room to finish a batch
  timeout_seconds = var.usage_time_budget_seconds + 600
  environment = merge(local.common_env, {
    USAGE_TIME_BUDGET_SECONDS = tostring(var.usage_time_budget_seconds)
    FIRESTORE_RAMP_UP         = "true"
  })
  invokers   = { scheduler = "serviceAccount:${local.email.scheduler}" }
  depends_on = [google_project_service.apis, google_service_account.all, google_project_iam_member.build, google_storage_bucket_iam_member.build_reads_sources]
}

module "crm_sync" {
  source                = "./modules/function"
  name                  = "${local.prefix}-crm-sync"
  region                = var.region
  entry_point           = "dev.bqsync.function.CrmSyncFunction"
  bucket                = google_storage_bucket.sources.name
  object                = google_storage_bucket_object.functions_zip.name
  service_account       = local.email.crm
  build_service_account = local.account_name.build
  # a million records per side fit in a 1 GiB heap (docs/benchmarks.md); 2 GiB leaves room
  memory          = "2Gi"
  timeout_seconds = 3540
  environment = merge(local.common_env, {
    # the budget ends inside Scheduler's 30-minute attempt deadline; fenced writes and a renewal
    # before the MERGE keep a run that outlives its lease from writing (docs/failures.md)
    CRM_TIME_BUDGET_SECONDS = "1500"
    CRM_LEASE_SECONDS       = "3300"
  })
  invokers   = { scheduler = "serviceAccount:${local.email.scheduler}" }
  depends_on = [google_project_service.apis, google_service_account.all, google_project_iam_member.build, google_storage_bucket_iam_member.build_reads_sources]
}

module "oauth" {
  source                = "./modules/function"
  name                  = local.oauth_function_name
  region                = var.region
  entry_point           = "dev.bqsync.function.OAuthFunction"
  bucket                = google_storage_bucket.sources.name
  object                = google_storage_bucket_object.functions_zip.name
  service_account       = local.email.oauth
  build_service_account = local.account_name.build
  memory                = "512Mi"
  timeout_seconds       = 60
  environment = merge(local.common_env, {
    OAUTH_REDIRECT_URI = local.oauth_redirect_uri
  })
  # the OAuth callback is the one public endpoint: tenants' browsers call it. Where domain-restricted
  # sharing refuses allUsers, oauth_public = false and docs/deploy.md says how to serve it.
  invokers   = var.oauth_public ? { public = "allUsers" } : {}
  ingress    = "ALLOW_ALL"
  depends_on = [google_project_service.apis, google_service_account.all, google_project_iam_member.build, google_storage_bucket_iam_member.build_reads_sources]
}

# The private management API the CRM's backend calls (docs/management-api.md): only the identities
# in management_invokers may invoke it (from outside the project, so ingress is open and IAM decides),
# and each verified caller acts only for the tenants management_callers gives it. "Sync now" runs
# the jobs in this function, so it gets their budgets, memory and timeout.
module "management" {
  source                = "./modules/function"
  name                  = "${local.prefix}-management"
  region                = var.region
  entry_point           = "dev.bqsync.function.ManagementFunction"
  bucket                = google_storage_bucket.sources.name
  object                = google_storage_bucket_object.functions_zip.name
  service_account       = local.email.mgmt
  build_service_account = local.account_name.build
  memory                = "2Gi"
  timeout_seconds       = 3540
  environment = merge(local.common_env, {
    OAUTH_REDIRECT_URI        = local.oauth_redirect_uri
    MANAGEMENT_CALLERS        = jsonencode(var.management_callers)
    USAGE_TIME_BUDGET_SECONDS = tostring(var.usage_time_budget_seconds)
    FIRESTORE_RAMP_UP         = "true"
    CRM_TIME_BUDGET_SECONDS   = "1500"
    CRM_LEASE_SECONDS         = "3300"
    SUGGESTION_MAX_BYTES      = tostring(var.suggestion_max_bytes)
  })
  invokers   = var.management_invokers
  ingress    = "ALLOW_ALL"
  depends_on = [google_project_service.apis, google_service_account.all, google_project_iam_member.build, google_storage_bucket_iam_member.build_reads_sources]
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
  scheduler_account     = local.email.scheduler
  usage_attempt_seconds = 1800
  depends_on            = [google_project_service.apis, google_service_account.all]
}
