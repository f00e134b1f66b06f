terraform {
  required_version = ">= 1.6"

  required_providers {
    google = {
      source = "hashicorp/google"
      # the range the configuration is checked against (6.8.0 and 6.50.0 schemas, docs/deploy.md);
      # .terraform.lock.hcl pins the version every init installs: 6.50.0
      version = "~> 6.8"
    }
  }

  # State in a GCS bucket per environment: terraform init -backend-config=bucket=... -backend-config=prefix=...
  backend "gcs" {}
}

provider "google" {
  project = var.project_id
  region  = var.region
}
