package dev.bqsync.gcp;

import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.config.UsageModel;

/** The CRM model a usage model attaches to. */
final class CrmModels {
  private CrmModels() {}

  static CrmModel of(UsageModel model) {
    return switch (model) {
      case COMPANY -> CrmModel.Company;
      case END_USER -> CrmModel.EndUser;
      case ASSET -> CrmModel.Asset;
      case PROJECT -> CrmModel.Project;
    };
  }
}
