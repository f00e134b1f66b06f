# Log-based counter metrics on the functions' structured log lines (labels tenant, job), one alert
# policy each, to email channels. Every metric is an INT64 DELTA counter of matching log entries, so
# ALIGN_SUM over the alignment period is "how many such lines", per tenant (one time series each).

locals {
  counters = {
    failed_runs = {
      # a run that FAILED: one line per run
      # jsonPayload.event is set by the code only (docs/logging.md): no text a caller sends can match
      filter = "resource.type=\"cloud_run_revision\" AND ((jsonPayload.event=\"section_finished\" AND jsonPayload.status=\"FAILED\") OR (jsonPayload.event=\"run_refused\" AND jsonPayload.refusal=\"MISCONFIGURED\")) AND labels.job=(\"usage\" OR \"crm\")"
      labels = ["tenant", "job"]
      title  = "bqsync ${var.environment}: runs failed"
      doc    = "A usage pull or CRM sync FAILED. Find the run: logs with labels.tenant and jsonPayload.status=\"FAILED\" (docs/deploy.md); the message says what to change."
    }
    rejected_rows = {
      # a run that rejected at least one row: the run record has how many and why
      filter = "resource.type=\"cloud_run_revision\" AND jsonPayload.event=\"section_finished\" AND jsonPayload.counts.rowsRejected>0"
      labels = ["tenant"]
      title  = "bqsync ${var.environment}: rows rejected"
      doc    = "A run rejected rows. The run records (bqsync tenant show) list the reasons with samples; the tenant's data team fixes the rows."
    }
    reauthorization_required = {
      filter = "resource.type=\"cloud_run_revision\" AND jsonPayload.event=\"reauthorization_required\""
      labels = ["tenant"]
      title  = "bqsync ${var.environment}: a tenant must re-authorise"
      doc    = "Google refused a tenant's refresh token. Its runs are stopped until it connects again: bqsync tenant connect (docs/oauth.md)."
    }
  }
}

resource "google_logging_metric" "counters" {
  for_each = local.counters
  name     = "${local.prefix}-${replace(each.key, "_", "-")}"
  filter   = each.value.filter
  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    dynamic "labels" {
      for_each = each.value.labels
      content {
        key        = labels.value
        value_type = "STRING"
      }
    }
  }
  label_extractors = { for l in each.value.labels : l => "EXTRACT(labels.${l})" }
  depends_on       = [google_project_service.apis]
}

# Monitoring learns a new log-based metric minutes after Logging created it; an alert policy on it
# before then is refused with 404 "Cannot find metric(s)" (hashicorp/terraform-provider-google#11102).
# This waits (up to 10 minutes per metric, on the first apply only) until Monitoring has each descriptor.
resource "terraform_data" "metrics_known_to_monitoring" {
  triggers_replace = [for m in google_logging_metric.counters : m.name]

  provisioner "local-exec" {
    interpreter = ["bash", "-c"]
    command     = <<-EOT
      set -u
      token=$(gcloud auth print-access-token)
      for m in ${join(" ", [for m in google_logging_metric.counters : m.name])}; do
        code=000
        for i in $(seq 60); do
          code=$(curl -s -o /dev/null -w '%%{http_code}' -H "Authorization: Bearer $token" \
            "https://monitoring.googleapis.com/v3/projects/${var.project_id}/metricDescriptors/logging.googleapis.com/user/$m")
          [ "$code" = 200 ] && break
          sleep 10
        done
        [ "$code" = 200 ] || { echo "Monitoring does not know logging.googleapis.com/user/$m after 10 minutes (HTTP $code); apply again"; exit 1; }
      done
    EOT
  }
}

resource "google_monitoring_notification_channel" "email" {
  for_each     = toset(var.alert_emails)
  display_name = "bqsync ${var.environment}: ${each.value}"
  type         = "email"
  labels = {
    email_address = each.value
  }
  depends_on = [google_project_service.apis]
}

resource "google_monitoring_alert_policy" "alerts" {
  for_each     = local.counters
  display_name = each.value.title
  combiner     = "OR"
  conditions {
    display_name = each.value.title
    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${google_logging_metric.counters[each.key].name}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period   = "300s"
        per_series_aligner = "ALIGN_SUM"
      }
      # no data is the normal state: a missing series is not an alert, and does not close one early
      evaluation_missing_data = "EVALUATION_MISSING_DATA_INACTIVE"
    }
  }
  alert_strategy {
    auto_close = "86400s"
  }
  documentation {
    content   = each.value.doc
    mime_type = "text/markdown"
  }
  notification_channels = [for c in google_monitoring_notification_channel.email : c.id]
  depends_on            = [terraform_data.metrics_known_to_monitoring]
}
