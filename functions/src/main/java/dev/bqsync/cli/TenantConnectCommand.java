package dev.bqsync.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "connect", description = "Print the redirect URI to paste into Google's console, and the start URL.")
final class TenantConnectCommand extends CliCommand {
  @Option(names = "--tenant", required = true, paramLabel = "ID")
  String tenantId;

  @Option(names = "--function-url", paramLabel = "URL", description = "the OAuth function's URL (Terraform output "
      + "oauth_function_uri); default: OAUTH_FUNCTION_URL")
  String functionUrl;

  TenantConnectCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  public Integer call() {
    String base = functionUrl != null && !functionUrl.isBlank() ? functionUrl : ctx.settings.get("OAUTH_FUNCTION_URL");
    if (base == null) {
      throw new InvalidInputException("which OAuth function? pass --function-url (Terraform's output oauth_function_uri) "
          + "or set OAUTH_FUNCTION_URL");
    }
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    OAuthClients.of(tenant(tenantId));
    ctx.out.println("1. In the tenant's Google Cloud console (APIs & Services > Credentials > their OAuth client), add this");
    ctx.out.println("   Authorized redirect URI:");
    ctx.out.println("     " + base + "/callback");
    ctx.out.println("2. Make sure the OAuth consent screen is published ('In production'): in 'Testing' Google expires");
    ctx.out.println("   refresh tokens after 7 days.");
    ctx.out.println("3. Have an account with BigQuery access to the tenant's project open:");
    ctx.out.println("     " + base + "/start?tenant=" + tenantId);
    return OK;
  }
}
