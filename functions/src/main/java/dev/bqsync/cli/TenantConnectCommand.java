package dev.bqsync.cli;

import dev.bqsync.oauth.MintRefusedException;
import dev.bqsync.oauth.MintedTicket;
import dev.bqsync.oauth.OAuthFlow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "connect", description = "Mint a single-use connect link (10 minutes) for one admin of the tenant, "
    + "and print the redirect URI to paste into Google's console.")
final class TenantConnectCommand extends CliCommand {
  @Option(names = "--tenant", required = true, paramLabel = "ID")
  String tenantId;

  @Option(names = "--admin", required = true, paramLabel = "EMAIL_OR_ID", description = "the CRM admin who will "
      + "open the link; recorded on the connection")
  String admin;

  @Option(names = "--replace", description = "allow the link to connect another Google account than the one "
      + "connected now")
  boolean replace;

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
    OAuthClients.secrets(ctx);
    MintedTicket ticket;
    try {
      ticket = ctx.components().oauth().mint(tenantId, admin, replace);
    } catch (MintRefusedException e) {
      throw new InvalidInputException(e.getMessage());
    }
    ctx.out.println("1. In the tenant's Google Cloud console (APIs & Services > Credentials > their OAuth client), add this");
    ctx.out.println("   Authorized redirect URI:");
    ctx.out.println("     " + base + "/callback");
    ctx.out.println("2. Make sure the OAuth consent screen is published ('In production'): in 'Testing' Google expires");
    ctx.out.println("   refresh tokens after 7 days.");
    ctx.out.println("3. Give this link to " + admin + " only; it works once, in one browser, until " + ticket.expiresAt()
        + (replace ? ", and may replace the connected account" : "") + ":");
    ctx.out.println("     " + base + "/start?ticket=" + ticket.ticket());
    ctx.out.println("   (" + OAuthFlow.TICKET_LIFETIME.toMinutes() + " minutes; mint another if it expires)");
    return OK;
  }
}
