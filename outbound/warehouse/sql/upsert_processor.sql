INSERT INTO processors (processor, name, zone, ciio, industry, declared_grounds)
VALUES ($processor, $name, $zone, $ciio, $industry, $grounds)
ON CONFLICT (processor) DO UPDATE SET
    name = coalesce(excluded.name, processors.name),
    zone = coalesce(excluded.zone, processors.zone),
    industry = coalesce(excluded.industry, processors.industry),
    declared_grounds = coalesce(excluded.declared_grounds, processors.declared_grounds),
    ciio = excluded.ciio OR $ciio_known = false AND processors.ciio;
