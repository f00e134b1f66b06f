# A tenant's two Cloud Scheduler jobs: the usage pull at its schedule and the CRM sync (hourly by
# default), each a POST with an OIDC token whose audience is the function's URI.

variable "tenant_id" {
  type = string
}

variable "prefix" {
  type = string
}

variable "region" {
  type = string
}

variable "usage_schedule" {
  type = string
}

variable "crm_schedule" {
  type = string
}

variable "time_zone" {
  type = string
}

variable "paused" {
  type = bool
}

variable "usage_pull_uri" {
  type = string
}

variable "crm_sync_uri" {
  type = string
}

variable "scheduler_account" {
  type = string
}

variable "usage_attempt_seconds" {
  description = "Scheduler allows at most 1800 s per HTTP attempt; the usage pull's time budget stays under it."
  type        = number
  default     = 1800
}

locals {
  every = {
    EVERY_5_MIN  = "*/5 * * * *"
    EVERY_10_MIN = "*/10 * * * *"
    EVERY_30_MIN = "*/30 * * * *"
    EVERY_60_MIN = "0 * * * *"
  }
  daily      = startswith(var.usage_schedule, "DAILY@")
  hour       = local.daily ? tonumber(substr(var.usage_schedule, 6, 2)) : 0
  minute     = local.daily ? tonumber(substr(var.usage_schedule, 9, 2)) : 0
  usage_cron = local.daily ? "${local.minute} ${local.hour} * * *" : local.every[var.usage_schedule]
  crm_cron   = var.crm_schedule == "HOURLY" ? "0 * * * *" : var.crm_schedule
  jobs = {
    usage = { cron = local.usage_cron, uri = var.usage_pull_uri, deadline = "${var.usage_attempt_seconds}s" }
    crm   = { cron = local.crm_cron, uri = var.crm_sync_uri, deadline = "1800s" }
  }
}

resource "google_cloud_scheduler_job" "job" {
  for_each         = local.jobs
  name             = "${var.prefix}-${each.key}-${var.tenant_id}"
  region           = var.region
  schedule         = each.value.cron
  time_zone        = var.time_zone
  paused           = var.paused
  attempt_deadline = each.value.deadline

  # Transient failures answer 5xx: retried with backoff; problems that need a person answer 200.
  retry_config {
    retry_count          = 3
    min_backoff_duration = "30s"
    max_backoff_duration = "300s"
    max_doublings        = 3
  }

  http_target {
    uri         = each.value.uri
    http_method = "POST"
    headers = {
      "Content-Type" = "application/json"
    }
    body = base64encode(jsonencode({ tenantId = var.tenant_id }))
    oidc_token {
      service_account_email = var.scheduler_account
      audience              = each.value.uri
    }
  }
}

# What terraform test asserts on.
output "jobs" {
  value = { for k, j in google_cloud_scheduler_job.job : k => {
    name             = j.name
    schedule         = j.schedule
    time_zone        = j.time_zone
    paused           = j.paused
    attempt_deadline = j.attempt_deadline
    uri              = j.http_target[0].uri
    audience         = j.http_target[0].oidc_token[0].audience
    invoker          = j.http_target[0].oidc_token[0].service_account_email
    body             = jsondecode(base64decode(j.http_target[0].body))
  } }
}
