variable "project_id" {
  description = "The CRM's Google Cloud project that runs bqsync."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "project_id must be a project id: 6-30 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "region" {
  description = "Region of the functions and Scheduler jobs, e.g. europe-west3."
  type        = string
  default     = "europe-west3"
}

variable "firestore_location" {
  description = "Location of the (default) Firestore database, e.g. eur3 or europe-west3. Secret Manager replicates the tenants' secrets to its region(s)."
  type        = string
  default     = "eur3"

  validation {
    condition     = contains(["eur3", "nam5", "nam7"], var.firestore_location) || can(regex("^[a-z]+-[a-z]+[0-9]+$", var.firestore_location))
    error_message = "firestore_location must be eur3, nam5, nam7 or a region such as europe-west3 (the other multi-regions need their regions added to local.firestore_regions)."
  }
}

variable "create_firestore_database" {
  description = "Create the (default) Firestore database. Usually false: the CRM's project has it already (docs/deploy.md)."
  type        = bool
  default     = false
}

variable "state_bucket" {
  description = "The GCS bucket of the Terraform state (created beforehand, docs/deploy.md); Cloud Build's triggers pass it to terraform init."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$", var.state_bucket)) && !startswith(var.state_bucket, "change-me")
    error_message = "state_bucket must be the name of your organisation's existing state bucket."
  }
}

variable "ci" {
  description = <<-EOT
    Cloud Build: repository is the Cloud Build (2nd gen) repository resource,
    projects/P/locations/REGION/connections/C/repositories/R (the triggers run in REGION);
    builder_image is the image of infra/ci/builder.Dockerfile pinned by digest (…/builder@sha256:…).
  EOT
  type = object({
    repository    = string
    builder_image = string
  })

  validation {
    condition     = can(regex("^projects/[^/]+/locations/[a-z0-9-]+/connections/[^/]+/repositories/[^/]+$", var.ci.repository))
    error_message = "ci.repository must be projects/P/locations/REGION/connections/C/repositories/R."
  }

  validation {
    condition     = can(regex("^[a-z0-9.-]+(:[0-9]+)?/[a-z0-9._/-]+@sha256:[0-9a-f]{64}$", var.ci.builder_image))
    error_message = "ci.builder_image must be pinned by digest: REGISTRY/PATH@sha256:<64 hex digits> (a tag can be moved)."
  }
}

variable "management_invokers" {
  description = "Who may call the management API, by name: e.g. { crm_backend = \"serviceAccount:crm-backend@crm-prod-1.iam.gserviceaccount.com\" }. Never public."
  type        = map(string)
  default     = {}
  validation {
    condition     = alltrue([for m in values(var.management_invokers) : startswith(m, "serviceAccount:") || startswith(m, "group:") || startswith(m, "user:")])
    error_message = "management_invokers are serviceAccount:, group: or user: members; never allUsers or allAuthenticatedUsers"
  }
}

variable "management_callers" {
  description = "Which verified callers of the management API may manage which tenants: caller email => tenant ids, or [\"*\"] for all, e.g. { \"crm-backend@crm-prod-1.iam.gserviceaccount.com\" = [\"*\"] }. A caller missing here is refused even when it may invoke the function."
  type        = map(list(string))
  default     = {}
  validation {
    condition     = alltrue([for email, tenants in var.management_callers : can(regex("^[^@\\s]+@[^@\\s]+$", email)) && length(tenants) > 0 && alltrue([for t in tenants : t == "*" || can(regex("^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$", t))])])
    error_message = "management_callers maps caller emails to a non-empty list of tenant ids or [\"*\"]"
  }
}

variable "suggestion_max_bytes" {
  description = "The most bytes one management-API suggestions query may bill (also capped by the tenant's maximumBytesBilled)."
  type        = number
  default     = 1073741824
  validation {
    condition     = var.suggestion_max_bytes >= 10485760
    error_message = "suggestion_max_bytes must be at least 10 MiB (BigQuery bills 10 MB at least per query)"
  }
}

variable "oauth_public" {
  description = "Let anyone call the OAuth function (allUsers run.invoker). false where domain-restricted sharing refuses allUsers (docs/deploy.md)."
  type        = bool
  default     = true
}

variable "environment" {
  description = "Name of the environment (dev, staging, prod): prefixes resource names."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "environment must be 2-10 lowercase letters or digits, starting with a letter (dev, staging, prod)."
  }
}

variable "function_zip" {
  description = "Path of the zip holding the deployable jar alone (functions/target/deploy/bqsync-functions.jar zipped)."
  type        = string
}

variable "tenants" {
  description = <<-EOT
    Tenants to schedule, by tenant id. usage_schedule: EVERY_5_MIN, EVERY_10_MIN, EVERY_30_MIN, EVERY_60_MIN or DAILY@HH:MM
    (in time_zone). crm_schedule: HOURLY (default) or a 5-field cron expression. paused stops both jobs.
  EOT
  type = map(object({
    usage_schedule = string
    crm_schedule   = optional(string, "HOURLY")
    time_zone      = optional(string, "UTC")
    paused         = optional(bool, false)
  }))
  default = {}

  validation {
    condition     = alltrue([for id, t in var.tenants : can(regex("^([a-z0-9]|[a-z0-9][a-z0-9-]{0,38}[a-z0-9])$", id))])
    error_message = "tenant ids must be 1-40 lowercase letters, digits or hyphens, not starting or ending with a hyphen."
  }

  validation {
    condition = alltrue([for t in var.tenants :
    can(regex("^(EVERY_5_MIN|EVERY_10_MIN|EVERY_30_MIN|EVERY_60_MIN|DAILY@([01][0-9]|2[0-3]):[0-5][0-9])$", t.usage_schedule))])
    error_message = "usage_schedule must be EVERY_5_MIN, EVERY_10_MIN, EVERY_30_MIN, EVERY_60_MIN or DAILY@HH:MM (24-hour clock, e.g. DAILY@06:30)."
  }

  validation {
    condition = alltrue([for t in var.tenants :
    can(regex("^(HOURLY|[0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+ [0-9*/,-]+)$", t.crm_schedule))])
    error_message = "crm_schedule must be HOURLY or a 5-field cron expression such as \"15 * * * *\"."
  }

  validation {
    condition     = alltrue([for t in var.tenants : can(regex("^(UTC|[A-Za-z]+(/[A-Za-z0-9_+-]+)+)$", t.time_zone))])
    error_message = "time_zone must be UTC or an IANA region name such as Europe/Berlin."
  }
}

variable "alert_emails" {
  description = "Email addresses alerted on failed runs, rejected rows and tenants that must re-authorise."
  type        = list(string)
  default     = []
}

variable "usage_time_budget_seconds" {
  description = "How long a usage pull takes batches before it stops and continues on the next run (well under Scheduler's 30-minute deadline)."
  type        = number
  default     = 1200

  validation {
    condition     = var.usage_time_budget_seconds >= 60 && var.usage_time_budget_seconds <= 1500
    error_message = "usage_time_budget_seconds must be 60 to 1500, so a run ends before Scheduler's 1800 s attempt deadline."
  }
}

variable "run_retention_days" {
  description = "How long run records are kept (Firestore TTL on expireAt)."
  type        = number
  default     = 30
}
