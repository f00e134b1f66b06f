# The Cloud Build image: JDK 17, Maven, gcloud with the Firestore emulator, Terraform, zip.
# docker build -f infra/ci/builder.Dockerfile -t europe-docker.pkg.dev/PROJECT/bqsync/builder:VERSION . && docker push …:VERSION
# then set ci.builder_image in the tfvars to its digest (…/builder@sha256:…, docs/deploy.md):
# Cloud Build runs the image by digest, so a re-pushed tag changes nothing until the tfvars say so.
FROM gcr.io/google.com/cloudsdktool/google-cloud-cli:528.0.0
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven zip google-cloud-cli-firestore-emulator \
    gnupg software-properties-common curl \
 && curl -fsSL https://apt.releases.hashicorp.com/gpg | gpg --dearmor -o /usr/share/keyrings/hashicorp.gpg \
 && echo "deb [signed-by=/usr/share/keyrings/hashicorp.gpg] https://apt.releases.hashicorp.com bookworm main" \
    > /etc/apt/sources.list.d/hashicorp.list \
 && apt-get update && apt-get install -y --no-install-recommends terraform=1.11.* \
 && rm -rf /var/lib/apt/lists/*
