output "oauth_redirect_uri" {
  description = "What tenants paste into their Google console as an Authorized redirect URI."
  value       = local.oauth_redirect_uri
}

output "management_function_uri" {
  description = "The private management API (docs/management-api.md, /openapi.json): the CRM backend calls it with an identity in management_invokers and management_callers."
  value       = module.management.uri
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

output "tenant_service_accounts" {
  description = "Each tenant's own service account: a tenant using SERVICE_ACCOUNT_IMPERSONATION grants BigQuery roles to its account only."
  value       = { for t, id in local.tenant_account_id : t => "${id}@${var.project_id}.iam.gserviceaccount.com" }
}

output "service_accounts" {
  description = "Every identity bqsync deploys, by role (docs/deploy.md lists what each may do)."
  value       = local.email
}
