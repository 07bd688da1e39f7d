INSERT INTO processors (processor, name, zone, ciio, industry) VALUES ($processor, $name, $zone, $ciio, $industry)
ON CONFLICT (processor) DO UPDATE SET
    name = coalesce(excluded.name, processors.name),
    zone = coalesce(excluded.zone, processors.zone),
    industry = coalesce(excluded.industry, processors.industry),
    ciio = excluded.ciio OR $ciio_known = false AND processors.ciio;
