"""The Country Reports outline per edition range, as data (see reference/report-structure.md §2–§5).

Line format (parsed by :mod:`.outlines`):

``@NAME``                 starts an edition (an outline profile)
``S<n> title | alt``       section *n*; ``|`` separates accepted wordings
``<x>. title``             lettered subsection *x* of the current section
``> title``                unlettered subheading of the current subsection (or section)
``>> title``               subheading nested in the previous ``>`` subheading
``~ label; label``         inline labels used under the previous line
a ``*`` right after the marker (``a.*``, ``>*``) marks an item nearly every report of that
edition has (used to notice headings lost from a scrape).

In the 2019-2020 profile the first wording is the 2019 one and the second the 2020 one.
"""

OUTLINE_TEXT = """
@2016-2018
S1 Respect for the Integrity of the Person, Including Freedom from:
a. Arbitrary Deprivation of Life and Other Unlawful or Politically Motivated Killings
b. Disappearance
c. Torture and Other Cruel, Inhuman, or Degrading Treatment or Punishment
> Prison and Detention Center Conditions
d. Arbitrary Arrest or Detention
> Role of the Police and Security Apparatus
> Arrest Procedures and Treatment of Detainees
e. Denial of Fair Public Trial
> Trial Procedures
> Political Prisoners and Detainees
> Civil Judicial Procedures and Remedies
> Property Restitution
f. Arbitrary or Unlawful Interference with Privacy, Family, Home, or Correspondence
g. Abuses in Internal Conflict
S2 Respect for Civil Liberties, Including:
a. Freedom of Speech and Press | Freedom of Expression, Including for the Press
> Internet Freedom
> Academic Freedom and Cultural Events
b. Freedom of Peaceful Assembly and Association | Freedoms of Peaceful Assembly and Association
> Freedom of Assembly | Freedom of Peaceful Assembly
> Freedom of Association
c. Freedom of Religion
d. Freedom of Movement, Internally Displaced Persons, Protection of Refugees, and Stateless Persons | Freedom of Movement
> Internally Displaced Persons | Internally Displaced Persons (IDPs)
> Protection of Refugees
> Stateless Persons
e. Internally Displaced Persons
f. Protection of Refugees
g. Stateless Persons
S3 Freedom to Participate in the Political Process
> Elections and Political Participation
S4 Corruption and Lack of Transparency in Government | Official Corruption and Lack of Transparency in Government
S5 Governmental Attitude Regarding International and Nongovernmental Investigation of Alleged Violations of Human Rights | Governmental Attitude Regarding International and Nongovernmental Investigation of Alleged Abuses of Human Rights
S6 Discrimination, Societal Abuses, and Trafficking in Persons
> Women
> Children
> Anti-Semitism
> Trafficking in Persons
> Persons with Disabilities
> National/Racial/Ethnic Minorities
> Indigenous People
> Acts of Violence, Discrimination, and Other Abuses Based on Sexual Orientation and Gender Identity
> HIV and AIDS Social Stigma
> Other Societal Violence or Discrimination
S7 Worker Rights
a. Freedom of Association and the Right to Collective Bargaining
b. Prohibition of Forced or Compulsory Labor
c. Prohibition of Child Labor and Minimum Age for Employment
d. Discrimination with Respect to Employment and Occupation
e. Acceptable Conditions of Work

@2019-2020
S1 Respect for the Integrity of the Person, Including Freedom from:
a.* Arbitrary Deprivation of Life and Other Unlawful or Politically Motivated Killings
b.* Disappearance
c.* Torture and Other Cruel, Inhuman, or Degrading Treatment or Punishment
>* Prison and Detention Center Conditions
~ Physical Conditions; Administration; Independent Monitoring; Improvements
d.* Arbitrary Arrest or Detention
>* Arrest Procedures and Treatment of Detainees
~ Arbitrary Arrest; Pretrial Detention; Detainee’s Ability to Challenge Lawfulness of Detention before a Court
e.* Denial of Fair Public Trial
>* Trial Procedures
>* Political Prisoners and Detainees
~ Amnesty
> Politically Motivated Reprisal Against Individuals Located Outside the Country
>* Civil Judicial Procedures and Remedies
> Property Restitution
f.* Arbitrary or Unlawful Interference with Privacy, Family, Home, or Correspondence
g. Abuses in Internal Conflict | Abuses in Internal Conflicts
~ Killings; Abductions; Physical Abuse, Punishment, and Torture; Child Soldiers; Other Conflict-related Abuse
S2 Respect for Civil Liberties, Including:
a.* Freedom of Expression, Including for the Press
~ Freedom of Expression; Freedom of Speech; Press and Media, Including Online Media; Freedom of Press and Media, Including Online Media; Violence and Harassment; Censorship or Content Restrictions; Libel/Slander Laws; National Security; Nongovernmental Impact
>* Internet Freedom
>* Academic Freedom and Cultural Events
b.* Freedoms of Peaceful Assembly and Association
> Freedom of Peaceful Assembly
> Freedom of Association
c.* Freedom of Religion
d.* Freedom of Movement
~ In-country Movement; Foreign Travel; Exile; Citizenship
e.* Internally Displaced Persons | Status and Treatment of Internally Displaced Persons
f.* Protection of Refugees
~ Abuse of Migrants, Refugees, and Stateless Persons; Abuse of Migrants and Refugees, and Stateless Persons; Refoulement; Access to Asylum; Safe Country of Origin/Transit; Freedom of Movement; Employment; Access to Basic Services; Durable Solutions; Temporary Protection
g. Stateless Persons
S3 Freedom to Participate in the Political Process
>* Elections and Political Participation
~ Recent Elections; Political Parties and Political Participation; Participation of Women and Minorities; Participation of Women and Members of Minority Groups
S4 Corruption and Lack of Transparency in Government
~ Corruption; Financial Disclosure
S5 Governmental Attitude Regarding International and Nongovernmental Investigation of Alleged Abuses of Human Rights
~ Government Human Rights Bodies; The United Nations or Other International Bodies
S6 Discrimination, Societal Abuses, and Trafficking in Persons
>* Women
~ Rape and Domestic Violence; Female Genital Mutilation/Cutting (FGM/C); Other Harmful Traditional Practices; Sexual Harassment; Coercion in Population Control; Reproductive Rights; Discrimination
>* Children
~ Birth Registration; Education; Child Abuse; Early and Forced Marriage; Child, Early, and Forced Marriage; Sexual Exploitation of Children; Infanticide or Infanticide of Children with Disabilities; Displaced Children; Institutionalized Children; International Child Abductions; Child Soldiers
>* Anti-Semitism
>* Trafficking in Persons
>* Persons with Disabilities
> National/Racial/Ethnic Minorities | Members of National/Racial/Ethnic Minority Groups
> Indigenous People
> Acts of Violence, Discrimination, and Other Abuses Based on Sexual Orientation and Gender Identity | Acts of Violence, Criminalization, and Other Abuses Based on Sexual Orientation and Gender Identity
> HIV and AIDS Social Stigma
> Other Societal Violence or Discrimination
> Promotion of Acts of Discrimination
S7 Worker Rights
a.* Freedom of Association and the Right to Collective Bargaining
b.* Prohibition of Forced or Compulsory Labor
c.* Prohibition of Child Labor and Minimum Age for Employment
d.* Discrimination with Respect to Employment and Occupation
e.* Acceptable Conditions of Work

@2021
S1 Respect for the Integrity of the Person
a. Arbitrary Deprivation of Life and Other Unlawful or Politically Motivated Killings
b. Disappearance
c. Torture and Other Cruel, Inhuman, or Degrading Treatment or Punishment
> Prison and Detention Center Conditions
d. Arbitrary Arrest or Detention
> Arrest Procedures and Treatment of Detainees
e. Denial of Fair Public Trial
> Trial Procedures
> Political Prisoners and Detainees
> Politically Motivated Reprisal against Individuals Located Outside the Country
> Civil Judicial Procedures and Remedies
> Property Seizure and Restitution
f. Arbitrary or Unlawful Interference with Privacy, Family, Home, or Correspondence
g. Conflict-related Abuses
S2 Respect for Civil Liberties
a. Freedom of Expression, Including for Members of the Press and Other Media
~ Freedom of Expression; Freedom of Expression for Members of the Press and Other Media, Including Online Media; Censorship or Content Restrictions for Members of the Press and Other Media, Including Online Media
> Internet Freedom
> Academic Freedom and Cultural Events
b. Freedoms of Peaceful Assembly and Association
> Freedom of Peaceful Assembly
> Freedom of Association
c. Freedom of Religion
d. Freedom of Movement and the Right to Leave the Country
e. Status and Treatment of Internally Displaced Persons
f. Protection of Refugees
g. Stateless Persons
S3 Freedom to Participate in the Political Process
> Elections and Political Participation
~ Participation of Women and Members of Minority Groups; Participation of Women and Members of Marginalized or Vulnerable Groups
S4 Corruption and Lack of Transparency in Government
S5 Governmental Posture Towards International and Nongovernmental Investigation of Alleged Abuses of Human Rights
S6 Discrimination and Societal Abuses
> Women
> Systemic Racial or Ethnic Violence and Discrimination
> Children
> Anti-Semitism | Antisemitism
> Trafficking in Persons
> Persons with Disabilities
> Members of National/Racial/Ethnic Minority Groups
> Indigenous People | Indigenous Peoples
> HIV and AIDS Social Stigma
> Acts of Violence, Criminalization, and Other Abuses Based on Sexual Orientation and Gender Identity
> Other Societal Violence or Discrimination
S7 Worker Rights
a. Freedom of Association and the Right to Collective Bargaining
b. Prohibition of Forced or Compulsory Labor
c. Prohibition of Child Labor and Minimum Age for Employment
d. Discrimination with Respect to Employment and Occupation
e. Acceptable Conditions of Work

@2022
S1 Respect for the Integrity of the Person
a. Arbitrary Deprivation of Life and Other Unlawful or Politically Motivated Killings
b. Disappearance
c. Torture and Other Cruel, Inhuman, or Degrading Treatment or Punishment, and Other Related Abuses
> Prison and Detention Center Conditions
d. Arbitrary Arrest or Detention
> Arrest Procedures and Treatment of Detainees
e. Denial of Fair Public Trial
> Trial Procedures
> Political Prisoners and Detainees
> Transnational Repression
> Civil Judicial Procedures and Remedies
> Property Seizure and Restitution
f. Arbitrary or Unlawful Interference with Privacy, Family, Home, or Correspondence
g. Conflict-related Abuses
S2 Respect for Civil Liberties
a. Freedom of Expression, Including for Members of the Press and Other Media
> Internet Freedom
> Academic Freedom and Cultural Events
b. Freedoms of Peaceful Assembly and Association
> Freedom of Peaceful Assembly
> Freedom of Association
c. Freedom of Religion
d. Freedom of Movement and the Right to Leave the Country
e. Protection of Refugees
f. Status and Treatment of Internally Displaced Persons
g. Stateless Persons
S3 Freedom to Participate in the Political Process
> Elections and Political Participation
S4 Corruption and Lack of Transparency in Government
S5 Governmental Posture Towards International and Nongovernmental Investigation of Alleged Abuses of Human Rights
S6 Discrimination and Societal Abuses
> Women
> Systemic Racial or Ethnic Violence and Discrimination
> Indigenous Peoples
> Children
> Antisemitism
> Trafficking in Persons
> Acts of Violence, Criminalization, and Other Abuses Based on Sexual Orientation, Gender Identity or Expression, or Sex Characteristics
~ Violence against LGBTQI+ Persons; Criminalization; Availability of Legal Gender Recognition; Involuntary or Coercive Medical or Psychological Practices Specifically Targeting LGBTQI+ Individuals; Restrictions of Freedom of Expression, Association, or Peaceful Assembly
> Persons with Disabilities
> Other Societal Violence or Discrimination
S7 Worker Rights
a. Freedom of Association and the Right to Collective Bargaining
b. Prohibition of Forced or Compulsory Labor
c. Prohibition of Child Labor and Minimum Age for Employment
d. Discrimination with Respect to Employment and Occupation
e. Acceptable Conditions of Work
~ Wage and Hour Laws; Occupational Safety and Health; Wage, Hour, and OSH Enforcement; Informal Sector

@2023
S1 Respect for the Integrity of the Person
a. Arbitrary Deprivation of Life and Other Unlawful or Politically Motivated Killings
b. Disappearance
c. Torture and Other Cruel, Inhuman, or Degrading Treatment or Punishment, and Other Related Abuses
> Prison and Detention Center Conditions
d. Arbitrary Arrest or Detention
> Arrest Procedures and Treatment of Detainees
e. Denial of Fair Public Trial
> Trial Procedures
> Political Prisoners and Detainees
> Civil Judicial Procedures and Remedies
f. Transnational Repression
g. Property Seizure and Restitution
h. Arbitrary or Unlawful Interference with Privacy, Family, Home, or Correspondence
S2 Respect for Civil Liberties
a. Freedom of Expression, Including for Members of the Press and Other Media
> Internet Freedom
> Academic Freedom and Cultural Events
b. Freedoms of Peaceful Assembly and Association
> Freedom of Peaceful Assembly
> Freedom of Association
c. Freedom of Religion
d. Freedom of Movement and the Right to Leave the Country
e. Protection of Refugees
f. Status and Treatment of Internally Displaced Persons | Status and Treatment of Internally Displaced Persons (IDPs)
g. Stateless Persons
S3 Freedom to Participate in the Political Process
> Elections and Political Participation
S4 Corruption in Government
S5 Governmental Posture Towards International and Nongovernmental Monitoring and Investigation of Alleged Abuses of Human Rights
S6 Discrimination and Societal Abuses
> Women
> Systemic Racial or Ethnic Violence and Discrimination
> Indigenous Peoples
> Children
> Antisemitism
> Trafficking in Persons
> Acts of Violence, Criminalization, and Other Abuses Based on Sexual Orientation, Gender Identity or Expression, or Sex Characteristics
> Persons with Disabilities
> Other Societal Violence or Discrimination
S7 Worker Rights
a. Freedom of Association and the Right to Collective Bargaining
b. Prohibition of Forced or Compulsory Labor
c. Prohibition of Child Labor and Minimum Age for Employment
d. Discrimination (see section 6) | Discrimination with Respect to Employment and Occupation
e. Acceptable Conditions of Work

@2024
S1 Life
a. Extrajudicial Killings
b. Coercion in Population Control
c. War Crimes, Crimes against Humanity, and Evidence of Acts that May Constitute Genocide, or Conflict-Related Abuses
S2 Liberty
a. Freedom of the Press
> Physical Attacks, Imprisonment, and Pressure
> Censorship by Governments, Military, Intelligence, or Police Forces, Criminal Groups, or Armed Extremist or Rebel Groups
b. Worker Rights
> Freedom of Association and Collective Bargaining
> Forced or Compulsory Labor
> Acceptable Work Conditions
>> Wage and Hour Laws
>> Occupational Safety and Health
>> Wage, Hour, and OSH Enforcement
c. Disappearance and Abduction
> Disappearance
> Prolonged Detention without Charges
d. Violations in Religious Freedom
e. Trafficking in Persons
S3 Security of the Person
a. Torture and Cruel, Inhuman, or Degrading Treatment or Punishment
b. Protection of Children
> Child Labor
> Child Marriage
c. Protection to Refugees
> Provision of First Asylum
d. Acts of Antisemitism and Antisemitic Incitement
e. Instances of Transnational Repression
> Threats, Harassment, Surveillance, or Coercion
> Knowing Cooperation with Other Governments to Facilitate Their Acts of Transnational Repression
"""

# Wording that tells the 2019 edition from the 2020 one (title keys are compared, see matching).
YEAR_MARKERS: dict[int, tuple[str, ...]] = {
    2019: (
        "Participation of Women and Minorities",
        "Freedom of Expression",
        "Early and Forced Marriage",
        "Internally Displaced Persons",
        "National/Racial/Ethnic Minorities",
        "Acts of Violence, Discrimination, and Other Abuses Based on Sexual Orientation and "
        "Gender Identity",
    ),
    2020: (
        "Participation of Women and Members of Minority Groups",
        "Freedom of Speech",
        "Freedom of Press and Media, Including Online Media",
        "Child, Early, and Forced Marriage",
        "Reproductive Rights",
        "Status and Treatment of Internally Displaced Persons",
        "Members of National/Racial/Ethnic Minority Groups",
        "Acts of Violence, Criminalization, and Other Abuses Based on Sexual Orientation and "
        "Gender Identity",
    ),
}
