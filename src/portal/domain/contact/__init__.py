"""Contact (CON-1) and the appointment with an adviser (SHOP-2): what customers send (`forms`,
`requests`), "Mijn verzoeken" (`listing`) and HartingBank's handling in /admin (`requests.handle`)."""
