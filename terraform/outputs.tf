output "oauth_redirect_uri" {
  description = "What tenants paste into their Google console as an Authorized redirect URI."
  value       = local.oauth_redirect_uri
}

output "oauth_function_uri" {
  description = "The OAuth function's base address: 'bqsync tenant connect --function-url' takes it."
  value       = local.oauth_base_url
}

output "usage_pull_uri" {
  value = module.usage_pull.uri
}

output "crm_sync_uri" {
  value = module.crm_sync.uri
}

output "connector_service_account" {
  description = "The service account tenants grant BigQuery roles to for SERVICE_ACCOUNT_IMPERSONATION."
  value       = local.email.connector
}

output "service_accounts" {
  description = "Every identity bqsync deploys, by role (docs/deploy.md lists what each may do)."
  value       = local.email
}
