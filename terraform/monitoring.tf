# Log-based metrics on the functions' structured log lines (labels tenant, job, section, run),
# with alert policies to email channels.

resource "google_logging_metric" "failed_runs" {
  name   = "${local.prefix}-failed-runs"
  filter = "resource.type=\"cloud_run_revision\" AND jsonPayload.status=\"FAILED\" AND labels.job=(\"usage\" OR \"crm\")"
  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    labels {
      key        = "tenant"
      value_type = "STRING"
    }
    labels {
      key        = "job"
      value_type = "STRING"
    }
  }
  label_extractors = {
    tenant = "EXTRACT(labels.tenant)"
    job    = "EXTRACT(labels.job)"
  }
}

resource "google_logging_metric" "rejected_rows" {
  name            = "${local.prefix}-rejected-rows"
  filter          = "resource.type=\"cloud_run_revision\" AND jsonPayload.counts.rowsRejected>0"
  value_extractor = "EXTRACT(jsonPayload.counts.rowsRejected)"
  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "DISTRIBUTION"
    labels {
      key        = "tenant"
      value_type = "STRING"
    }
  }
  label_extractors = {
    tenant = "EXTRACT(labels.tenant)"
  }
  bucket_options {
    exponential_buckets {
      num_finite_buckets = 16
      growth_factor      = 4
      scale              = 1
    }
  }
}

resource "google_logging_metric" "reauthorization_required" {
  name   = "${local.prefix}-reauthorization-required"
  filter = "resource.type=\"cloud_run_revision\" AND jsonPayload.message:\"needs to be authorised again\""
  metric_descriptor {
    metric_kind = "DELTA"
    value_type  = "INT64"
    labels {
      key        = "tenant"
      value_type = "STRING"
    }
  }
  label_extractors = {
    tenant = "EXTRACT(labels.tenant)"
  }
}

resource "google_monitoring_notification_channel" "email" {
  for_each     = toset(var.alert_emails)
  display_name = "bqsync ${var.environment}: ${each.value}"
  type         = "email"
  labels = {
    email_address = each.value
  }
}

locals {
  alerts = {
    failed_runs = {
      metric = google_logging_metric.failed_runs.name
      title  = "bqsync ${var.environment}: runs failed"
      doc    = "A usage pull or CRM sync FAILED. Find the run: logs with labels.tenant and jsonPayload.status=\"FAILED\" (docs/deploy.md); the message says what to change."
    }
    rejected_rows = {
      metric = google_logging_metric.rejected_rows.name
      title  = "bqsync ${var.environment}: rows rejected"
      doc    = "Rows were rejected. The run records (bqsync tenant show) list the reasons with samples; the tenant's data team fixes the rows."
    }
    reauthorization_required = {
      metric = google_logging_metric.reauthorization_required.name
      title  = "bqsync ${var.environment}: a tenant must re-authorise"
      doc    = "Google refused a tenant's refresh token. Its runs are stopped until it connects again: bqsync tenant connect (docs/oauth.md)."
    }
  }
}

resource "google_monitoring_alert_policy" "alerts" {
  for_each     = local.alerts
  display_name = each.value.title
  combiner     = "OR"
  conditions {
    display_name = each.value.title
    condition_threshold {
      filter          = "metric.type=\"logging.googleapis.com/user/${each.value.metric}\" AND resource.type=\"cloud_run_revision\""
      comparison      = "COMPARISON_GT"
      threshold_value = 0
      duration        = "0s"
      aggregations {
        alignment_period   = "300s"
        per_series_aligner = each.key == "rejected_rows" ? "ALIGN_DELTA" : "ALIGN_COUNT"
      }
    }
  }
  documentation {
    content   = each.value.doc
    mime_type = "text/markdown"
  }
  notification_channels = [for c in google_monitoring_notification_channel.email : c.id]
}
