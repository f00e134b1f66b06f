# Build and release identities. Three accounts, none of them a default account:
#   build     builds the functions' containers (Cloud Functions' build step);
#   ci_plan   runs Cloud Build on every branch but main: tests and `terraform plan`, read-only;
#   ci_deploy runs Cloud Build on main: tests, plan and apply.
# A branch can edit its own cloudbuild.yaml, so the boundary is the trigger's identity, not a
# check in the file: the branch trigger runs as ci_plan, which can read but change nothing, and
# only the main trigger (a reviewed merge) runs as ci_deploy.

locals {
  # Cloud Functions' build: its logs, the image it pushes to gcf-artifacts, and (bucket-level, below) the source zip.
  build_roles = ["roles/logging.logWriter", "roles/artifactregistry.writer"]

  # Everything `terraform apply` of this configuration creates or changes, and nothing to read tenants' secrets.
  deployer_roles = concat([
    "roles/serviceusage.serviceUsageAdmin",  # google_project_service
    "roles/iam.serviceAccountAdmin",         # service accounts and their IAM (actAs, token creator)
    "roles/iam.roleAdmin",                   # the plan reader custom role
    "roles/resourcemanager.projectIamAdmin", # google_project_iam_member
    "roles/cloudfunctions.admin",            # the three functions
    "roles/run.admin",                       # run.invoker on the functions' services
    "roles/cloudscheduler.admin",            # the tenants' jobs
    "roles/datastore.indexAdmin",            # Firestore TTL fields
    local.custom_roles.secrets,              # tenant secrets and their IAM, not their values (below)
    "roles/storage.admin",                   # the sources bucket and the zip
    "roles/logging.configWriter",            # log-based metrics
    "roles/monitoring.editor",               # alert policies, notification channels; metric descriptors for the wait
    "roles/cloudbuild.builds.editor",        # the two triggers
    "roles/logging.logWriter",               # its own build logs (CLOUD_LOGGING_ONLY)
    "roles/artifactregistry.reader",         # pull the builder image
  ], var.create_firestore_database ? ["roles/datastore.owner"] : [])

  # Reads what `terraform plan` refreshes; no data: not Firestore documents, secret values, or logs.
  plan_roles = [
    "roles/iam.securityReviewer",            # IAM policies of the project, accounts, secrets, services
    "roles/iam.serviceAccountViewer",        # service accounts
    "roles/serviceusage.serviceUsageViewer", # enabled APIs
    "roles/cloudfunctions.viewer",           # functions
    "roles/run.viewer",                      # the functions' services
    "roles/cloudscheduler.viewer",           # jobs
    "roles/secretmanager.viewer",            # secret metadata, not payloads
    "roles/monitoring.viewer",               # alert policies, channels
    "roles/cloudbuild.builds.viewer",        # triggers
    "roles/logging.logWriter",               # its own build logs
    "roles/artifactregistry.reader",         # pull the builder image
    local.custom_roles.plan_reader,          # Firestore metadata, log metrics, buckets (below)
  ]
  # built from the ids, so the bindings' for_each keys are known at plan; the bindings wait for the roles
  custom_roles = {
    plan_reader = "projects/${var.project_id}/roles/bqsync_${var.environment}_plan_reader"
    secrets     = "projects/${var.project_id}/roles/bqsync_${var.environment}_secrets"
  }
}

# The predefined roles that can read Firestore fields or log metrics can also read documents or logs.
resource "google_project_iam_custom_role" "plan_reader" {
  role_id     = "bqsync_${var.environment}_plan_reader"
  title       = "bqsync ${var.environment} plan reader"
  description = "Metadata terraform plan refreshes, without data."
  permissions = [
    "datastore.databases.get", "datastore.databases.getMetadata", "datastore.indexes.get", "datastore.indexes.list",
    "logging.logMetrics.get", "logging.logMetrics.list", "storage.buckets.get", "resourcemanager.projects.get",
    "iam.roles.get",
  ]
  depends_on = [google_project_service.apis]
}

# roles/secretmanager.admin would also read every tenant's refresh token; the deployer needs none.
resource "google_project_iam_custom_role" "secrets" {
  role_id     = "bqsync_${var.environment}_secrets"
  title       = "bqsync ${var.environment} secrets administrator"
  description = "Create, update and delete secrets and their IAM, without reading or adding versions."
  permissions = [
    "secretmanager.secrets.create", "secretmanager.secrets.delete", "secretmanager.secrets.get",
    "secretmanager.secrets.list", "secretmanager.secrets.update", "secretmanager.secrets.getIamPolicy",
    "secretmanager.secrets.setIamPolicy",
  ]
  depends_on = [google_project_service.apis]
}

resource "google_project_iam_member" "build" {
  for_each   = toset(local.build_roles)
  project    = var.project_id
  role       = each.value
  member     = "serviceAccount:${local.email.build}"
  depends_on = [google_service_account.all]
}

resource "google_storage_bucket_iam_member" "build_reads_sources" {
  bucket     = google_storage_bucket.sources.name
  role       = "roles/storage.objectViewer"
  member     = "serviceAccount:${local.email.build}"
  depends_on = [google_service_account.all]
}

resource "google_project_iam_member" "ci_deploy" {
  for_each   = toset(local.deployer_roles)
  project    = var.project_id
  role       = each.value
  member     = "serviceAccount:${local.email.ci_deploy}"
  depends_on = [google_service_account.all, google_project_iam_custom_role.secrets]
}

resource "google_project_iam_member" "ci_plan" {
  for_each   = toset(local.plan_roles)
  project    = var.project_id
  role       = each.value
  member     = "serviceAccount:${local.email.ci_plan}"
  depends_on = [google_service_account.all, google_project_iam_custom_role.plan_reader]
}

resource "google_storage_bucket_iam_member" "ci_plan_reads_sources" {
  bucket     = google_storage_bucket.sources.name
  role       = "roles/storage.objectViewer"
  member     = "serviceAccount:${local.email.ci_plan}"
  depends_on = [google_service_account.all]
}

# Deploying a function, a Scheduler job with an OIDC token or a trigger with an identity needs
# actAs on that identity: the deployer has it on exactly those, nobody else gets it from here.
resource "google_service_account_iam_member" "deployer_acts_as" {
  for_each           = toset(["usage", "crm", "oauth", "mgmt", "scheduler", "build", "ci_plan", "ci_deploy"])
  service_account_id = google_service_account.all[each.value].name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${local.email.ci_deploy}"
}

locals {
  ci_location = split("/", var.ci.repository)[3]
  ci_substitutions = {
    _ENV          = var.environment
    _STATE_BUCKET = var.state_bucket
    _BUILDER      = var.ci.builder_image
  }
}

resource "google_cloudbuild_trigger" "plan" {
  name            = "${local.prefix}-plan"
  location        = local.ci_location
  description     = "bqsync ${var.environment}: tests and terraform plan on every branch but main (read-only identity)"
  filename        = "cloudbuild.yaml"
  service_account = local.account_name.ci_plan
  repository_event_config {
    repository = var.ci.repository
    # pushes to our own branches only: forks cannot push here, so no outside code runs as ci_plan
    push {
      branch       = "^main$"
      invert_regex = true
    }
  }
  substitutions = merge(local.ci_substitutions, { _BUILD_ACCOUNT = local.email.ci_plan, _APPLY = "false" })
  depends_on    = [google_project_service.apis, google_service_account.all, google_project_iam_member.ci_plan]
}

resource "google_cloudbuild_trigger" "deploy" {
  name            = "${local.prefix}-deploy"
  location        = local.ci_location
  description     = "bqsync ${var.environment}: tests, plan and apply on main (deployer identity)"
  filename        = "cloudbuild.yaml"
  service_account = local.account_name.ci_deploy
  repository_event_config {
    repository = var.ci.repository
    push {
      branch = "^main$"
    }
  }
  substitutions = merge(local.ci_substitutions, { _BUILD_ACCOUNT = local.email.ci_deploy, _APPLY = "true" })
  depends_on    = [google_project_service.apis, google_service_account.all, google_project_iam_member.ci_deploy]
}
