"""Outbound HTTP: every request this node makes to another machine goes through here.

* :mod:`crossline.net.egress` decides which destinations may be reached (no loopback,
  private, link-local, multicast or unspecified address unless the operator allows it);
* :mod:`crossline.net.outbound` builds the guarded httpx clients (no redirects, timeouts)
  and translates transport failures into :class:`~crossline.errors.TransportError`.

Partner calls add authentication and request signatures on top
(:class:`crossline.share.partner_client.PartnerClient`).
"""
