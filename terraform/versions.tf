terraform {
  required_version = ">= 1.6"

  required_providers {
    google = {
      source  = "hashicorp/google"
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
