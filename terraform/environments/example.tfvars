# One file per environment: copy to environments/<env>.tfvars (see docs/deploy.md).
project_id         = "crm-prod-1"
region             = "europe-west3"
firestore_location = "eur3"
environment        = "prod"
function_zip       = "../functions/target/bqsync-functions.zip"
alert_emails       = ["platform-oncall@crm.example"]
state_bucket       = "crm-terraform-state"

# The CRM backend's identity calls the private management API (connect links).
management_invokers = { crm_backend = "serviceAccount:crm-backend@crm-prod-1.iam.gserviceaccount.com" }

ci = {
  repository    = "projects/crm-prod-1/locations/europe-west3/connections/github/repositories/bqsync"
  builder_image = "europe-docker.pkg.dev/crm-prod-1/bqsync/builder@sha256:0000000000000000000000000000000000000000000000000000000000000000"
}

tenants = {
  acme = {
    usage_schedule = "EVERY_10_MIN"
    time_zone      = "Europe/Berlin"
  }
  globex = {
    usage_schedule = "DAILY@06:30"
    crm_schedule   = "15 * * * *"
    time_zone      = "America/New_York"
  }
  initech = {
    usage_schedule = "EVERY_5_MIN"
    paused         = true
  }
}
