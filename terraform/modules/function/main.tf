# One Cloud Function (2nd gen, Java 17) from the deployable jar, and who may invoke it.

variable "name" {
  type = string
}

variable "region" {
  type = string
}

variable "entry_point" {
  description = "The class implementing com.google.cloud.functions.HttpFunction."
  type        = string
}

variable "bucket" {
  type = string
}

variable "object" {
  type = string
}

variable "service_account" {
  type = string
}

variable "build_service_account" {
  description = "projects/P/serviceAccounts/EMAIL of the identity that builds the function (not the default compute account)."
  type        = string
}

variable "memory" {
  type = string
}

variable "timeout_seconds" {
  description = "HTTP functions allow up to 3600 s."
  type        = number

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 3600
    error_message = "timeout_seconds must be 1 to 3600 for an HTTP function."
  }
}

variable "environment" {
  type = map(string)
}

variable "invokers" {
  description = "Members allowed to call the function (roles/run.invoker), keyed by a static name, e.g. { scheduler = \"serviceAccount:...\" } or { public = \"allUsers\" }."
  # A map, not a set: for_each keys must be known at plan, and an account's email is not until it exists.
  type = map(string)
}

variable "ingress" {
  description = "ALLOW_INTERNAL_ONLY for the sync functions (Cloud Scheduler in the project still reaches them); ALLOW_ALL for the OAuth callback only."
  type        = string
  default     = "ALLOW_INTERNAL_ONLY"
  validation {
    condition     = contains(["ALLOW_INTERNAL_ONLY", "ALLOW_ALL"], var.ingress)
    error_message = "ingress is ALLOW_INTERNAL_ONLY or ALLOW_ALL"
  }
}

variable "max_instances" {
  type    = number
  default = 20
}

resource "google_cloudfunctions2_function" "this" {
  name     = var.name
  location = var.region

  build_config {
    runtime         = "java17"
    entry_point     = var.entry_point
    service_account = var.build_service_account
    source {
      storage_source {
        bucket = var.bucket
        object = var.object
      }
    }
  }

  service_config {
    available_memory               = var.memory
    timeout_seconds                = var.timeout_seconds
    service_account_email          = var.service_account
    environment_variables          = var.environment
    ingress_settings               = var.ingress
    all_traffic_on_latest_revision = true
    max_instance_count             = var.max_instances
  }
}

resource "google_cloud_run_service_iam_member" "invoker" {
  for_each = var.invokers
  location = var.region
  service  = google_cloudfunctions2_function.this.name
  role     = "roles/run.invoker"
  member   = each.value
}

output "uri" {
  value = google_cloudfunctions2_function.this.service_config[0].uri
}

# What terraform test asserts on (resources inside a module are not addressable from a test).
output "function" {
  value = {
    name                  = google_cloudfunctions2_function.this.name
    entry_point           = var.entry_point
    service_account       = var.service_account
    build_service_account = var.build_service_account
    environment           = var.environment
    timeout_seconds       = var.timeout_seconds
    memory                = var.memory
    ingress               = google_cloudfunctions2_function.this.service_config[0].ingress_settings
  }
}

output "invokers" {
  value = { for k, m in google_cloud_run_service_iam_member.invoker : k => { role = m.role, member = m.member } }
}
